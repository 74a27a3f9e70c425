using System;

namespace ConvexAuthKit.Diagnostics
{
    /// <summary>
    /// A failure the user can act on: it carries a stable CAKxxxx code, a one-line message saying the cause
    /// and the fix, and where one exists the file and line it points at (so it is clickable in the IDE).
    /// Messages must never contain a secret.
    /// </summary>
    public sealed class ConvexAuthKitException : Exception
    {
        public ConvexAuthKitException(string code, string message, string? file = null, int line = 0, Exception? inner = null)
            : base(message, inner)
        {
            Code = code;
            File = file;
            Line = line;
        }

        public string Code { get; }
        public string? File { get; }
        /// <summary>1-based line, or 0 when unknown.</summary>
        public int Line { get; }
    }
}
