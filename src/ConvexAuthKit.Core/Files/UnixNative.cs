using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ConvexAuthKit.Files
{
    /// <summary>The kind of thing a path names, as stat(2) sees it.</summary>
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        SymbolicLink,
        NamedPipe,
        Socket,
        CharacterDevice,
        BlockDevice,
        Other,
    }

    /// <summary>
    /// The few Unix file calls netstandard2.0 lacks: stat without opening, opening without blocking or following a
    /// link, creating a file with its final mode, flock. Most go through the .NET runtime's own native shim
    /// (libSystem.Native), whose flags and stat layout are the same on every Unix and architecture; only the
    /// non-blocking open needs libc, with the flag values of Linux and macOS. When the runtime cannot bind these
    /// (Windows, .NET Framework, an unusual Unix), <see cref="Available"/> is false and callers use managed code.
    /// One file because: the P/Invoke declarations, their structure layouts and the probe that decides <see cref="Available"/> must change together.
    /// </summary>
    internal static class UnixNative
    {
        private const string SystemNative = "libSystem.Native";

        // Open flags of libSystem.Native (its own numbering, translated to the platform's by the shim).
        private const int PalRead = 0x0000;
        private const int PalWrite = 0x0001;
        private const int PalReadWrite = 0x0002;
        private const int PalCloseOnExec = 0x0010;
        private const int PalCreate = 0x0020;
        private const int PalExclusive = 0x0040;
        private const int PalNoFollow = 0x0200;

        private const int LockExclusive = 2;
        private const int LockNonBlocking = 4;

        // The shim's stat buffer starts Flags (int32), Mode (int32), Uid (uint32), Gid (uint32), Size (int64)
        // in every .NET version; later fields vary, so the buffer is generously large and only these are read.
        private const int StatBufferSize = 512;

        private const int TypeMask = 0xF000;

        private static readonly bool IsMac = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        private static readonly Lazy<bool> Probe = new Lazy<bool>(() =>
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return false;
            try
            {
                GetEUid();
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return false;
            }
        });

        public static bool Available => Probe.Value;

        public static int ErrorNoEntry => 2;
        public static int ErrorExists => 17;
        public static int ErrorNotDirectory => 20;
        public static int ErrorWouldBlock => IsMac ? 35 : 11;
        public static int ErrorLoop => IsMac ? 62 : 40;

        /// <summary>Type, permission bits, owner and size of <paramref name="path"/>; the link itself when <paramref name="followLinks"/> is false.</summary>
        public static FileStatus Stat(string path, bool followLinks)
        {
            var buffer = new byte[StatBufferSize];
            int result = followLinks ? NativeStat(path, buffer) : NativeLStat(path, buffer);
            if (result != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                if (errno == ErrorNoEntry || errno == ErrorNotDirectory)
                    return FileStatus.None;
                throw new UnixIOException(errno, path);
            }
            return FileStatus.From(buffer);
        }

        public static FileStatus FStat(IntPtr fd)
        {
            var buffer = new byte[StatBufferSize];
            if (NativeFStat(fd, buffer) != 0)
                throw new UnixIOException(Marshal.GetLastWin32Error(), null);
            return FileStatus.From(buffer);
        }

        /// <summary>
        /// Opens <paramref name="path"/> for reading without blocking, so a named pipe or a device cannot hang the
        /// build in open(2) itself. Returns -1 and false when non-blocking opens are not known for this platform.
        /// </summary>
        public static bool TryOpenReadNonBlocking(string path, out IntPtr fd)
        {
            fd = (IntPtr)(-1);
            int flags;
            if (IsMac)
                flags = 0x0004 /* O_NONBLOCK */ | 0x20000 /* O_NOCTTY */ | 0x1000000 /* O_CLOEXEC */;
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                flags = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */;
            else
                return false;
            int result;
            try
            {
                result = LibcOpen(path, flags);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }
            if (result < 0)
                throw new UnixIOException(Marshal.GetLastWin32Error(), path);
            fd = (IntPtr)result;
            return true;
        }

        /// <summary>Opens an existing file for reading (blocking); only for platforms without <see cref="TryOpenReadNonBlocking"/>, after stat said it is a regular file.</summary>
        public static IntPtr OpenRead(string path) => Check(NativeOpen(path, PalRead | PalCloseOnExec, 0), path);

        /// <summary>
        /// Creates <paramref name="path"/>, which must not exist (never through a link), already carrying
        /// <paramref name="mode"/>: the mode is passed to open(2) and, when <paramref name="exactMode"/>, set again
        /// with fchmod so the umask cannot take bits away, all before a byte is written.
        /// </summary>
        public static IntPtr CreateExclusive(string path, int mode, bool exactMode = true)
        {
            IntPtr fd = Check(NativeOpen(path, PalWrite | PalCreate | PalExclusive | PalNoFollow | PalCloseOnExec, mode & 0x1FF), path);
            if (exactMode && NativeFChMod(fd, mode & 0x1FF) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                Close(fd);
                throw new UnixIOException(errno, path);
            }
            return fd;
        }

        /// <summary>Opens or creates a lock file (mode 0600), refusing to follow a link at <paramref name="path"/> (the error is ELOOP).</summary>
        public static IntPtr OpenLockFile(string path) => Check(NativeOpen(path, PalReadWrite | PalCreate | PalNoFollow | PalCloseOnExec, 0x180), path);

        /// <summary>Takes an exclusive flock without waiting; false when another open file holds it.</summary>
        public static bool TryLockExclusive(IntPtr fd)
        {
            if (NativeFLock(fd, LockExclusive | LockNonBlocking) == 0)
                return true;
            int errno = Marshal.GetLastWin32Error();
            if (errno == ErrorWouldBlock)
                return false;
            throw new UnixIOException(errno, null);
        }

        public static int Read(IntPtr fd, byte[] buffer, int count)
        {
            int n = NativeRead(fd, buffer, count);
            if (n < 0)
                throw new UnixIOException(Marshal.GetLastWin32Error(), null);
            return n;
        }

        public static void WriteAll(IntPtr fd, byte[] bytes, string path)
        {
            int offset = 0;
            var chunk = new byte[Math.Min(bytes.Length, 64 * 1024)];
            while (offset < bytes.Length)
            {
                int count = Math.Min(chunk.Length, bytes.Length - offset);
                Buffer.BlockCopy(bytes, offset, chunk, 0, count);
                int written = NativeWrite(fd, chunk, count);
                if (written < 0)
                    throw new UnixIOException(Marshal.GetLastWin32Error(), path);
                // A short write: the rest is written on the next pass.
                offset += written;
            }
        }

        public static void FSync(IntPtr fd, string path)
        {
            if (NativeFSync(fd) != 0)
                throw new UnixIOException(Marshal.GetLastWin32Error(), path);
        }

        public static void ChMod(string path, int mode)
        {
            if (NativeChMod(path, mode & 0x1FF) != 0)
                throw new UnixIOException(Marshal.GetLastWin32Error(), path);
        }

        /// <summary>Creates a folder with <paramref name="mode"/> (less the umask); false when it already exists.</summary>
        public static bool MkDir(string path, int mode)
        {
            if (NativeMkDir(path, mode & 0x1FF) == 0)
                return true;
            int errno = Marshal.GetLastWin32Error();
            if (errno == ErrorExists)
                return false;
            throw new UnixIOException(errno, path);
        }

        public static void Close(IntPtr fd) => NativeClose(fd);

        public static uint EffectiveUserId() => GetEUid();

        private static IntPtr Check(IntPtr fd, string path)
        {
            if ((long)fd < 0)
                throw new UnixIOException(Marshal.GetLastWin32Error(), path);
            return fd;
        }

        [DllImport(SystemNative, EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int NativeStat(string path, [Out] byte[] buffer);

        [DllImport(SystemNative, EntryPoint = "SystemNative_LStat", SetLastError = true)]
        private static extern int NativeLStat(string path, [Out] byte[] buffer);

        [DllImport(SystemNative, EntryPoint = "SystemNative_FStat", SetLastError = true)]
        private static extern int NativeFStat(IntPtr fd, [Out] byte[] buffer);

        [DllImport(SystemNative, EntryPoint = "SystemNative_Open", SetLastError = true)]
        private static extern IntPtr NativeOpen(string path, int flags, int mode);

        [DllImport(SystemNative, EntryPoint = "SystemNative_Close", SetLastError = true)]
        private static extern int NativeClose(IntPtr fd);

        [DllImport(SystemNative, EntryPoint = "SystemNative_Read", SetLastError = true)]
        private static extern int NativeRead(IntPtr fd, [Out] byte[] buffer, int count);

        [DllImport(SystemNative, EntryPoint = "SystemNative_Write", SetLastError = true)]
        private static extern int NativeWrite(IntPtr fd, [In] byte[] buffer, int count);

        [DllImport(SystemNative, EntryPoint = "SystemNative_FSync", SetLastError = true)]
        private static extern int NativeFSync(IntPtr fd);

        [DllImport(SystemNative, EntryPoint = "SystemNative_FChMod", SetLastError = true)]
        private static extern int NativeFChMod(IntPtr fd, int mode);

        [DllImport(SystemNative, EntryPoint = "SystemNative_ChMod", SetLastError = true)]
        private static extern int NativeChMod(string path, int mode);

        [DllImport(SystemNative, EntryPoint = "SystemNative_MkDir", SetLastError = true)]
        private static extern int NativeMkDir(string path, int mode);

        [DllImport(SystemNative, EntryPoint = "SystemNative_FLock", SetLastError = true)]
        private static extern int NativeFLock(IntPtr fd, int operation);

        [DllImport(SystemNative, EntryPoint = "SystemNative_GetEUid")]
        private static extern uint GetEUid();

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int LibcOpen(string path, int flags);

        internal readonly struct FileStatus
        {
            public static readonly FileStatus None = new FileStatus(FileKind.Missing, 0, 0, 0);

            private FileStatus(FileKind kind, int permissions, uint owner, long size)
            {
                Kind = kind;
                Permissions = permissions;
                Owner = owner;
                Size = size;
            }

            public FileKind Kind { get; }
            /// <summary>The low nine mode bits (rwxrwxrwx).</summary>
            public int Permissions { get; }
            public uint Owner { get; }
            public long Size { get; }

            public static FileStatus From(byte[] buffer)
            {
                int mode = BitConverter.ToInt32(buffer, 4);
                uint owner = BitConverter.ToUInt32(buffer, 8);
                long size = BitConverter.ToInt64(buffer, 16);
                return new FileStatus(KindOf(mode), mode & 0x1FF, owner, size);
            }

            private static FileKind KindOf(int mode)
            {
                switch (mode & TypeMask)
                {
                    case 0x8000: return FileKind.Regular;
                    case 0x4000: return FileKind.Directory;
                    case 0xA000: return FileKind.SymbolicLink;
                    case 0x1000: return FileKind.NamedPipe;
                    case 0xC000: return FileKind.Socket;
                    case 0x2000: return FileKind.CharacterDevice;
                    case 0x6000: return FileKind.BlockDevice;
                    default: return FileKind.Other;
                }
            }
        }
    }

    /// <summary>A failed Unix call, with the system's own text for its errno (never a secret: paths only).</summary>
    internal sealed class UnixIOException : System.IO.IOException
    {
        public UnixIOException(int errno, string? path)
            : base(Describe(errno, path))
        {
            Errno = errno;
        }

        public int Errno { get; }

        private static string Describe(int errno, string? path)
        {
            string text = new Win32Exception(errno).Message;
            return path == null ? text : text + ": " + path;
        }
    }
}
