using System;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// One thing a run's outcome depends on, with the hash it had when the run read it: a file (by content, or
    /// <see cref="InputHashes.Absent"/>), an environment variable or a setting (by the hash of its value). Only
    /// <see cref="CacheSchema"/> knows how an input is written into the cache file.
    /// </summary>
    public abstract class CacheInput
    {
        protected CacheInput(string hash)
        {
            Hash = hash ?? throw new ArgumentNullException(nameof(hash));
        }

        public string Hash { get; }

        /// <summary>The same input with another hash (what it is now, or what a run left it as).</summary>
        public abstract CacheInput WithHash(string hash);
    }

    /// <summary>A file the run read or looked for; <see cref="Path"/> is absolute.</summary>
    public sealed class FileInput : CacheInput
    {
        public FileInput(string path, string hash) : base(hash)
        {
            Path = path;
        }

        public string Path { get; }

        public bool IsAbsent => Hash == InputHashes.Absent;

        public override CacheInput WithHash(string hash) => new FileInput(Path, hash);
    }

    /// <summary>An environment variable of the build (the process environment, never a file).</summary>
    public sealed class EnvInput : CacheInput
    {
        public EnvInput(string name, string hash) : base(hash)
        {
            Name = name;
        }

        public string Name { get; }

        public override CacheInput WithHash(string hash) => new EnvInput(Name, hash);
    }

    /// <summary>A setting of the run (an MSBuild property or the tool's version).</summary>
    public sealed class SettingInput : CacheInput
    {
        /// <summary>The setting that changes with every release; an offline build may disregard it (docs/reliability.md).</summary>
        public const string ToolVersion = "ToolVersion";

        public SettingInput(string name, string hash) : base(hash)
        {
            Name = name;
        }

        public string Name { get; }

        public bool IsToolVersion => Name == ToolVersion;

        public override CacheInput WithHash(string hash) => new SettingInput(Name, hash);
    }
}
