using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// Collects everything a run's outcome depends on: files read or probed (by content hash, or "absent"),
    /// environment variables and settings (hashed, so the cache never holds a value in clear). A later build
    /// re-hashes the same inputs; if every one matches, nothing can have changed and no request is needed.
    /// Thread-safe: a run may read inputs from more than one thread.
    /// </summary>
    public sealed class InputTracker : IInputObserver
    {
        private readonly Dictionary<string, CacheInput> _inputs = new Dictionary<string, CacheInput>(StringComparer.Ordinal);

        /// <summary>The inputs recorded so far, in key order.</summary>
        public IReadOnlyList<CacheInput> Entries
        {
            get
            {
                lock (_inputs)
                    return _inputs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
            }
        }

        /// <summary>Records the file as it is on disk now.</summary>
        public void File(string path) => Record(new FileInput(Path.GetFullPath(path), InputHashes.OfFile(path)));

        public void Environment(string name, string? value) => Record(new EnvInput(name, InputHashes.OfValue(value)));

        public void Setting(string name, string? value) => Record(new SettingInput(name, InputHashes.OfValue(value)));

        /// <summary>A file read through the input reader counts with the bytes that were read; one looked for, as it is now.</summary>
        void IInputObserver.Observed(string path, InputRead? read) =>
            Record(new FileInput(Path.GetFullPath(path), read == null ? InputHashes.OfFile(path) : InputHashes.OfRead(read)));

        /// <summary>Records an input whose hash is already known; a later record of the same input replaces it.</summary>
        public void Record(CacheInput input)
        {
            lock (_inputs)
                _inputs[CacheSchema.Key(input)] = input;
        }

        /// <summary>The settings part of a record, keyed by name.</summary>
        public IReadOnlyDictionary<string, SettingInput> Settings()
        {
            lock (_inputs)
                return _inputs.Values.OfType<SettingInput>().ToDictionary(s => s.Name, StringComparer.Ordinal);
        }
    }
}
