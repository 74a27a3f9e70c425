using System;
using System.Collections.Generic;
using ConvexAuthKit.Caching;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// The one way a run reads its inputs, and so what the obj/ cache depends on, by construction:
    /// <list type="bullet">
    /// <item>files: while <see cref="Recording"/> is open, every read and probe through <see cref="InputFiles"/> (the
    /// only reader of input files; <c>InputReadingRuleTests</c> keeps it so) is recorded with the bytes it read;</item>
    /// <item>environment variables: through <see cref="Environment"/> or <see cref="BuildEnvironment"/>, each name
    /// recorded with its value's hash as it is read;</item>
    /// <item>settings: given once, from the options (<see cref="RunSettings"/>);</item>
    /// <item>files read by another process (Node and esbuild evaluating a config): <see cref="ReadElsewhere"/>;</item>
    /// <item>files the run wrote (.env.local): <see cref="Wrote"/>, so the cache describes them as the run left them.</item>
    /// </list>
    /// </summary>
    public sealed class InputReader
    {
        private readonly InputTracker _inputs = new InputTracker();
        private readonly Func<string, string?> _environment;

        public InputReader(Func<string, string?> environment, IEnumerable<SettingInput> settings)
        {
            _environment = environment;
            foreach (var setting in settings)
                _inputs.Record(setting);
        }

        /// <summary>Records every input file read or looked for until disposed (on this run's flow of execution only).</summary>
        public IDisposable Recording() => InputRecording.Begin(_inputs);

        /// <summary>A variable of the process environment, recorded.</summary>
        public string? Environment(string name)
        {
            var value = _environment(name);
            _inputs.Environment(name, value);
            return value;
        }

        /// <summary>
        /// The build's view of variables as the Convex CLI loads them: the process environment first (recorded), then
        /// <c>.env.local</c>, then <c>.env</c> of <paramref name="frontendDir"/> (files read, and so recorded, now).
        /// </summary>
        public Func<string, string?> BuildEnvironment(string frontendDir)
        {
            // The raw environment decides which file value a real variable hides; only names looked up are recorded.
            var fromFiles = ProjectEnv.Load(frontendDir, _environment);
            return name => Environment(name) ?? (fromFiles.TryGetValue(name, out var value) ? value : null);
        }

        /// <summary>The process environment alone (never .env.local or .env), recorded, empty read as unset.</summary>
        public string? RealEnvironment(string name)
        {
            var value = Environment(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>A file another process read for this run (the evaluation's bundler), recorded as it is now.</summary>
        public void ReadElsewhere(string path) => _inputs.File(path);

        /// <summary>A file this run wrote, recorded as the run left it.</summary>
        public void Wrote(string path) => _inputs.File(path);

        /// <summary>Everything recorded so far.</summary>
        public IReadOnlyList<CacheInput> Inputs => _inputs.Entries;
    }
}
