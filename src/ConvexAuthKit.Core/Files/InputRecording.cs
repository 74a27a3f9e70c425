using System;
using System.Threading;

namespace ConvexAuthKit.Files
{
    /// <summary>Told of every input file read or looked for through <see cref="InputFiles"/> while it records.</summary>
    internal interface IInputObserver
    {
        /// <param name="path">The path as given.</param>
        /// <param name="read">What the read returned; null when the file was only looked for (a probe).</param>
        void Observed(string path, InputRead? read);
    }

    /// <summary>
    /// Why reading an input records it by construction: while a run inspects the project, one observer (the
    /// inspection's input reader) is current for that run's flow of execution, and every read and probe through
    /// <see cref="InputFiles"/> reports to it, whichever class made it. Nothing records outside such a scope
    /// (the cache's own files, the access token, a lock), and concurrent runs in one process each see their own.
    /// </summary>
    internal static class InputRecording
    {
        private static readonly AsyncLocal<IInputObserver?> CurrentObserver = new AsyncLocal<IInputObserver?>();

        /// <summary>Makes <paramref name="observer"/> current until the result is disposed (then the previous one is again).</summary>
        public static IDisposable Begin(IInputObserver observer)
        {
            var previous = CurrentObserver.Value;
            CurrentObserver.Value = observer;
            return new Scope(previous);
        }

        public static bool IsRecording => CurrentObserver.Value != null;

        internal static void Notify(string path, InputRead? read) => CurrentObserver.Value?.Observed(path, read);

        private sealed class Scope : IDisposable
        {
            private readonly IInputObserver? _previous;
            private bool _disposed;

            public Scope(IInputObserver? previous)
            {
                _previous = previous;
            }

            public void Dispose()
            {
                if (_disposed)
                    return;
                _disposed = true;
                CurrentObserver.Value = _previous;
            }
        }
    }
}
