using System.Collections.Generic;
using System.Threading;

namespace ConvexAuthKit.Reliability
{
    /// <summary>
    /// Which remote steps of the current run have completed, and which one was under way when it stopped, so the
    /// obj/ cache can record where an interrupted run stopped. The transport reports into the progress of the
    /// run it belongs to (an async-local, so concurrent runs in one process never mix their records).
    ///
    /// Requests of one run may be in flight together. Where it stopped is the earliest-begun step that has not
    /// ended well: still in flight, cut off by cancellation, or answered with an error that no later step followed.
    /// Since the run starts its concurrent requests in the order their failures matter (the deployment first, then
    /// WorkOS in the CLI's order), that is the step whose failure ended the run.
    /// </summary>
    public sealed class RunProgress
    {
        private static readonly AsyncLocal<RunProgress?> CurrentRun = new AsyncLocal<RunProgress?>();

        private readonly object _gate = new object();
        private readonly List<string> _completed = new List<string>();
        // In begin order: attempts in flight, interrupted, or failed and not yet followed by another step.
        private readonly List<Attempt> _outstanding = new List<Attempt>();

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

        /// <summary>The earliest-begun step that did not end well (see the class summary), or null.</summary>
        public string? StoppedAt
        {
            get { lock (_gate) return _outstanding.Count == 0 ? null : _outstanding[0].Step; }
        }

        /// <summary>A request starts; the returned ticket ends it. A step begun after an error answer means the run dealt with that answer.</summary>
        public object Begin(string step)
        {
            var attempt = new Attempt(step);
            lock (_gate)
            {
                _outstanding.RemoveAll(a => a.State == AttemptState.Failed);
                _outstanding.Add(attempt);
            }
            return attempt;
        }

        public void End(object ticket, bool succeeded)
        {
            var attempt = (Attempt)ticket;
            lock (_gate)
            {
                if (succeeded)
                {
                    _outstanding.Remove(attempt);
                    if (!_completed.Contains(attempt.Step))
                        _completed.Add(attempt.Step);
                }
                else
                {
                    attempt.State = AttemptState.Failed;
                }
            }
        }

        /// <summary>The request was cancelled (the build, the run deadline, or a failure of a request running beside it).</summary>
        public void Interrupt(object ticket)
        {
            lock (_gate)
                ((Attempt)ticket).State = AttemptState.Interrupted;
        }

        private enum AttemptState { InFlight, Failed, Interrupted }

        private sealed class Attempt
        {
            public Attempt(string step) => Step = step;

            public string Step { get; }
            public AttemptState State { get; set; }
        }
    }
}
