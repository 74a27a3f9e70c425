using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Copies Unix permission bits from one file to another. netstandard2.0 has no API for them, but the runtimes
    /// the task runs on under Unix (.NET 8+) have File.GetUnixFileMode/SetUnixFileMode, reached here by reflection.
    /// On Windows there is nothing to do: File.Replace keeps the replaced file's attributes and ACL itself.
    /// </summary>
    internal static class UnixFilePermissions
    {
        private static readonly MethodInfo? GetMode =
            typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });

        private static readonly MethodInfo? SetMode =
            GetMode == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), GetMode.ReturnType });

        public static void Copy(string fromPath, string toPath)
        {
            // Runtimes before .NET 7 on Unix lack the API; the file then gets the default mode for new files.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || GetMode == null || SetMode == null)
                return;
            try
            {
                object mode = GetMode.Invoke(null, new object[] { fromPath })!;
                SetMode.Invoke(null, new[] { toPath, mode });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
    }
}
