using BenchmarkDotNet.Running;

namespace ConvexAuthKit.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher: <c>--filter '*'</c> runs everything, <c>--list flat</c> lists the benchmarks.
    /// The default job is <see cref="QuickConfig"/>'s short one; with <c>--job short|medium|long</c> (or <c>-j</c>) the
    /// command line's job is used instead. <c>cold-noop [runs]</c> times the no-op run in fresh processes (<see cref="ColdStart"/>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0].StartsWith("cold-", StringComparison.Ordinal))
            return ColdStart.Run(args);
        var jobOnCommandLine = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new QuickConfig(addQuickJob: !jobOnCommandLine));
        return 0;
    }
}
