using System.Collections.Generic;
using System.Threading;

namespace ConvexAuthKit.Reliability
{
    /// <summary>
    /// Which remote steps of the current run have completed, and which one was under way when it stopped, so the
    /// obj/ cache can record where an interrupted run stopped. The transport reports into the progress of the
    /// run it belongs to (an async-local, so concurrent runs in one process never mix their records).
    /// </summary>
    public sealed class RunProgress
    {
        private static readonly AsyncLocal<RunProgress?> CurrentRun = new AsyncLocal<RunProgress?>();

        private readonly object _gate = new object();
        private readonly List<string> _completed = new List<string>();
        private string? _inFlight;
        private string? _lastFailed;

        /// <summary>The progress of the run this code runs in, or null outside a tracked run.</summary>
        public static RunProgress? Current => CurrentRun.Value;

        /// <summary>Makes a fresh progress the current one for the calling async flow (and everything it awaits).</summary>
        public static RunProgress StartTracking()
        {
            var progress = new RunProgress();
            CurrentRun.Value = progress;
            return progress;
        }

        public IReadOnlyList<string> Completed
        {
            get { lock (_gate) return _completed.ToArray(); }
        }

        /// <summary>The step under way when the run stopped (no answer yet), else the last one answered with an error.</summary>
        public string? StoppedAt
        {
            get { lock (_gate) return _inFlight ?? _lastFailed; }
        }

        public void Begin(string step)
        {
            lock (_gate)
                _inFlight = step;
        }

        public void End(string step, bool succeeded)
        {
            lock (_gate)
            {
                _inFlight = null;
                if (succeeded)
                {
                    _lastFailed = null;
                    if (!_completed.Contains(step))
                        _completed.Add(step);
                }
                else
                {
                    _lastFailed = step;
                }
            }
        }
    }
}
