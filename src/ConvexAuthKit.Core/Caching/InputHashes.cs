using System.Security.Cryptography;
using System.Text;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Caching
{
    /// <summary>How an input's current state becomes the hash the cache compares: SHA-256 of the bytes or the value, hex.</summary>
    public static class InputHashes
    {
        /// <summary>The hash of a file that is not there (or a folder), and of an unset variable or setting.</summary>
        public const string Absent = "absent";

        /// <summary>The hash of a file that is there but cannot be read as a regular file: never equal to a recorded content hash.</summary>
        public const string Unreadable = "unreadable";

        /// <summary>Far above every reader's own cap (1 MiB), so any input a run could read is hashed.</summary>
        private const int MaxHashedBytes = 16 * 1024 * 1024;

        /// <summary>What <paramref name="path"/> holds now, read through the input reader.</summary>
        public static string OfFile(string path) => OfRead(InputFiles.ReadUnrecorded(path, MaxHashedBytes));

        /// <summary>
        /// The hash of a read that already happened: its bytes, <see cref="Absent"/> for a missing file or a folder,
        /// else <see cref="Unreadable"/>. A pipe or device put where an input was is never equal to a recorded hash,
        /// so the next build runs in full and reports it.
        /// </summary>
        internal static string OfRead(InputRead read)
        {
            switch (read.Status)
            {
                case InputReadStatus.Read:
                    return OfBytes(read.Bytes!);
                case InputReadStatus.Missing:
                case InputReadStatus.Directory:
                    return Absent;
                default:
                    return Unreadable;
            }
        }

        public static string OfValue(string? value) => value == null ? Absent : OfBytes(Encoding.UTF8.GetBytes(value));

        private static string OfBytes(byte[] bytes)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(bytes);
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash)
                sb.Append(b.ToString("x2"));
            return sb.ToString();
        }
    }
}
