using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// Records everything a run's outcome depends on: files read or probed (by content hash, or "absent"),
    /// environment variables and settings (hashed, so the cache never holds a value in clear). A later build
    /// re-hashes the same entries; if every one matches, nothing can have changed and no request is needed.
    /// </summary>
    public sealed class InputTracker
    {
        public const string Absent = "absent";

        /// <summary>Far above every reader's own cap (1 MiB), so any input a run could read is hashed.</summary>
        private const int MaxHashedBytes = 16 * 1024 * 1024;

        private readonly SortedDictionary<string, string> _entries = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string> Entries => _entries;

        public void File(string path) => _entries["file:" + Path.GetFullPath(path)] = HashFile(path);

        public void Environment(string name, string? value) => _entries["env:" + name] = value == null ? Absent : Hash(value);

        public void Setting(string name, string? value) => _entries["setting:" + name] = value == null ? Absent : Hash(value);

        /// <summary>The current value of a recorded file entry, for checking a cache against disk.</summary>
        public static string HashFile(string path)
        {
            // Through the input reader, so a pipe or device put where an input was never blocks the up-to-date
            // check; anything but a readable regular file is never equal to a recorded hash, so the next build
            // runs in full and reports it.
            var read = InputFiles.Read(path, MaxHashedBytes);
            switch (read.Status)
            {
                case InputReadStatus.Read:
                    using (var sha = SHA256.Create())
                        return ToHex(sha.ComputeHash(read.Bytes!));
                case InputReadStatus.Missing:
                case InputReadStatus.Directory:
                    return Absent;
                default:
                    return "unreadable";
            }
        }

        public static string Hash(string value)
        {
            using var sha = SHA256.Create();
            return ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(value)));
        }

        private static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
                sb.Append(b.ToString("x2"));
            return sb.ToString();
        }
    }
}
