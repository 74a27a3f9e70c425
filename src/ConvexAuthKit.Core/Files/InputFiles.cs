using System;
using System.IO;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Files
{
    /// <summary>How reading an input file ended.</summary>
    internal enum InputReadStatus
    {
        Read,
        Missing,
        Directory,
        /// <summary>A named pipe, socket or device: never opened for reading (or opened without blocking and closed unread).</summary>
        NotRegular,
        TooLarge,
        Unreadable,
    }

    /// <summary>The outcome of <see cref="InputFiles.Read"/>: the bytes, or why there are none.</summary>
    internal sealed class InputRead
    {
        public InputRead(InputReadStatus status, byte[]? bytes = null, FileKind kind = FileKind.Regular, Exception? error = null)
        {
            Status = status;
            Bytes = bytes;
            Kind = kind;
            Error = error;
        }

        public InputReadStatus Status { get; }
        public byte[]? Bytes { get; }
        public FileKind Kind { get; }
        public Exception? Error { get; }
    }

    /// <summary>
    /// The one way every input (.env.local, .env, auth.config.*, imported modules, convex.json, package.json, a
    /// framework config) is read: links are followed, but only a regular file is read. A named pipe, socket or
    /// device is refused before it is opened, and on Linux and macOS the open itself cannot block, so a pipe
    /// swapped in meanwhile cannot hang the build either. At most <c>maxBytes</c> are ever read, whatever size
    /// the file claims. Failures come back as a status (see <see cref="Read"/>) so each caller keeps its own
    /// diagnostic, or as a ConvexAuthKitException from <see cref="ReadBytes"/>.
    /// </summary>
    internal static class InputFiles
    {
        /// <summary>The kind of <paramref name="path"/> after following links; <see cref="FileKind.Missing"/> when nothing is there (or the link dangles).</summary>
        public static FileKind KindOf(string path)
        {
            if (UnixNative.Available)
                return UnixNative.Stat(path, followLinks: true).Kind;
            if (Directory.Exists(path))
                return FileKind.Directory;
            return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        /// <summary>Reads the file without throwing; the status says what happened. Recorded as an input when a recording is open.</summary>
        public static InputRead Read(string path, int maxBytes)
        {
            var read = ReadUnrecorded(path, maxBytes);
            InputRecording.Notify(path, read);
            return read;
        }

        /// <summary>
        /// Whether something other than a folder is at <paramref name="path"/> (what File.Exists answers), recorded as
        /// an input when a recording is open: a file looked for and not found is an input too, since creating it can
        /// change the outcome.
        /// </summary>
        public static bool Exists(string path)
        {
            FileKind kind;
            try
            {
                kind = KindOf(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException
                || e is NotSupportedException || e is System.Security.SecurityException)
            {
                kind = FileKind.Missing;
            }
            InputRecording.Notify(path, null);
            return kind != FileKind.Missing && kind != FileKind.Directory;
        }

        /// <summary>As <see cref="Read"/>, never recorded: for re-checking recorded inputs and for files that are not inputs.</summary>
        internal static InputRead ReadUnrecorded(string path, int maxBytes)
        {
            try
            {
                var kind = KindOf(path);
                switch (kind)
                {
                    case FileKind.Missing:
                        return new InputRead(InputReadStatus.Missing, kind: kind);
                    case FileKind.Directory:
                        return new InputRead(InputReadStatus.Directory, kind: kind);
                    case FileKind.Regular:
                        break;
                    default:
                        return new InputRead(InputReadStatus.NotRegular, kind: kind);
                }
                return UnixNative.Available ? ReadUnix(path, maxBytes) : ReadManaged(path, maxBytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException
                || e is NotSupportedException || e is System.Security.SecurityException)
            {
                return new InputRead(InputReadStatus.Unreadable, error: e);
            }
        }

        /// <summary>
        /// Reads the file, or returns null when it does not exist. Throws CAK0020 for a pipe, socket or device, and
        /// <paramref name="code"/> (naming the file as <paramref name="what"/>) for a folder, a file over the cap, or a read error.
        /// </summary>
        public static byte[]? ReadBytes(string path, int maxBytes, string code, string what)
        {
            var read = Read(path, maxBytes);
            switch (read.Status)
            {
                case InputReadStatus.Read:
                    return read.Bytes;
                case InputReadStatus.Missing:
                    return null;
                case InputReadStatus.Directory:
                    throw new ConvexAuthKitException(code, $"{what} {path} is a folder, but a file is expected there; rename or remove the folder.", path);
                case InputReadStatus.NotRegular:
                    throw NotRegular(path, read.Kind);
                case InputReadStatus.TooLarge:
                    throw new ConvexAuthKitException(code, $"{what} {path} is larger than {DescribeSize(maxBytes)}, far more than such a file holds; check that the right file is at that path.", path);
                default:
                    throw new ConvexAuthKitException(code, $"{what} {path} could not be read ({Reason(read.Error)}); make sure the build can read it.", path, 0, read.Error);
            }
        }

        /// <summary>
        /// For best-effort looks (a .gitignore, a project file, a neighbour's package.json): the text, decoded as
        /// File.ReadAllText decodes it, or null for anything that is not a readable regular file within the cap.
        /// </summary>
        public static string? ReadTextOrNull(string path, int maxBytes)
        {
            var read = Read(path, maxBytes);
            if (read.Status != InputReadStatus.Read)
                return null;
            using var reader = new StreamReader(new MemoryStream(read.Bytes!), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        /// <summary>
        /// For callers that already turn an IOException into their own diagnostic: the text (decoded as
        /// File.ReadAllText decodes it), or an IOException naming why there is none (missing, a folder, a pipe
        /// or device, over the cap, unreadable).
        /// </summary>
        public static string ReadAllText(string path, int maxBytes)
        {
            var read = Read(path, maxBytes);
            switch (read.Status)
            {
                case InputReadStatus.Read:
                    using (var reader = new StreamReader(new MemoryStream(read.Bytes!), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
                        return reader.ReadToEnd();
                case InputReadStatus.Missing:
                    throw new FileNotFoundException($"{path} does not exist", path);
                case InputReadStatus.Directory:
                case InputReadStatus.NotRegular:
                    throw new IOException($"{path} is {Describe(read.Kind)}, not a regular file");
                case InputReadStatus.TooLarge:
                    throw new IOException($"{path} is larger than {DescribeSize(maxBytes)}");
                default:
                    throw read.Error as IOException ?? new IOException(Reason(read.Error), read.Error);
            }
        }

        /// <summary>CAK0020: the path is a pipe, socket or device, which ConvexAuthKit never reads from or replaces.</summary>
        public static ConvexAuthKitException NotRegular(string path, FileKind kind)
            => new ConvexAuthKitException(DiagnosticCodes.InputNotRegularFile,
                $"{path} is {Describe(kind)}, not a regular file, so ConvexAuthKit neither reads it (that could block the build) nor replaces it; put a regular file there (or a link to one), or move the {Describe(kind)} elsewhere.",
                path);

        public static string Describe(FileKind kind)
        {
            switch (kind)
            {
                case FileKind.NamedPipe: return "a named pipe (FIFO)";
                case FileKind.Socket: return "a socket";
                case FileKind.CharacterDevice: return "a character device";
                case FileKind.BlockDevice: return "a block device";
                case FileKind.Directory: return "a folder";
                case FileKind.SymbolicLink: return "a symbolic link";
                default: return "a special file";
            }
        }

        public static string Reason(Exception? e) => e == null ? "unknown error" : e.Message.TrimEnd('.');

        private static string DescribeSize(int bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";

        private static InputRead ReadUnix(string path, int maxBytes)
        {
            IntPtr fd;
            if (!UnixNative.TryOpenReadNonBlocking(path, out fd))
                fd = UnixNative.OpenRead(path);
            try
            {
                // What was opened is what counts: the path may have changed since it was checked.
                var status = UnixNative.FStat(fd);
                if (status.Kind == FileKind.Directory)
                    return new InputRead(InputReadStatus.Directory, kind: status.Kind);
                if (status.Kind != FileKind.Regular)
                    return new InputRead(InputReadStatus.NotRegular, kind: status.Kind);
                return ReadCapped((buffer, count) => UnixNative.Read(fd, buffer, count), maxBytes);
            }
            finally
            {
                UnixNative.Close(fd);
            }
        }

        private static InputRead ReadManaged(string path, int maxBytes)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            // A device handle (Windows' NUL, CON) cannot seek; a regular file can.
            if (!stream.CanSeek)
                return new InputRead(InputReadStatus.NotRegular, kind: FileKind.CharacterDevice);
            return ReadCapped((buffer, count) => stream.Read(buffer, 0, count), maxBytes);
        }

        /// <summary>Reads until the end or one byte past the cap, whatever length the file reported.</summary>
        private static InputRead ReadCapped(Func<byte[], int, int> read, int maxBytes)
        {
            using var collected = new MemoryStream();
            // Inputs are small (a .env.local, a config): a small buffer keeps a no-op's re-hashing from allocating 64 KB a file.
            var buffer = new byte[Math.Min(8 * 1024, maxBytes + 1)];
            while (true)
            {
                int want = (int)Math.Min(buffer.Length, (long)maxBytes + 1 - collected.Length);
                int n = read(buffer, want);
                if (n == 0)
                    break;
                collected.Write(buffer, 0, n);
                if (collected.Length > maxBytes)
                    return new InputRead(InputReadStatus.TooLarge);
            }
            return new InputRead(InputReadStatus.Read, collected.ToArray());
        }
    }
}
