using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace ConvexAuthKit.Benchmarks;

/// <summary>
/// The default job: a short run (1 launch, 3 warm-ups, 8 measured iterations) so the whole suite finishes in a few
/// minutes on a 2-core machine. Pass <c>--job short|medium|long</c> on the command line for more precise figures.
/// </summary>
public sealed class QuickConfig : ManualConfig
{
    public QuickConfig(bool addQuickJob = true)
    {
        if (addQuickJob)
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(8)
                .WithId("Quick")
                .AsDefault());
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.Median);
        AddLogger(ConsoleLogger.Default);
        AddExporter(MarkdownExporter.GitHub);
        WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));
        WithOptions(ConfigOptions.DisableLogFile);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
