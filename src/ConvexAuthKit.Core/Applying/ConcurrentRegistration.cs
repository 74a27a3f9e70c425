using System;
using System.Collections.Generic;
using ConvexAuthKit.Planning;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Applying
{
    /// <summary>
    /// The end of an Apply run, in round trips rather than requests. Once the WorkOS API key is known, the deployment
    /// update and the WorkOS registrations are independent: WorkOS needs only the key, and the redirect URIs, the app
    /// homepage URL and the CORS origins are separate settings. So they go out together (within the redirect URIs,
    /// and within the CORS origins, in the CLI's order). The rules the end state depends on stay:
    /// <list type="bullet">
    /// <item>.env.local is written only after the deployment update succeeded (a run stopped in between is finished by
    /// the next, which finds the same idempotently provisioned environment);</item>
    /// <item>a WorkOS failure never stops the deployment step or .env.local, exactly as when WorkOS came last;</item>
    /// <item>a deployment failure (or the build's cancellation, or the run deadline) cancels the WorkOS calls still in
    /// flight, and the run ends only after every request of it has ended;</item>
    /// <item>"already registered" stays success, and what the run did is reported in the CLI's order whatever order
    /// the answers came in; of several failures, the first in that order is the one reported.</item>
    /// </list>
    /// The deployment request is started first, so <see cref="Reliability.RunProgress"/> names it as where the run
    /// stopped when it fails.
    /// </summary>
    internal static class ConcurrentRegistration
    {
        /// <param name="updateDeployment">The deployment update (may send nothing).</param>
        /// <param name="afterDeployment">Local work that must follow a successful update (.env.local).</param>
        /// <param name="workOS">The client, or null when nothing is registered.</param>
        /// <param name="homepageRejected">The note for a homepage URL WorkOS refused.</param>
        public static async Task RunAsync(
            Func<CancellationToken, Task> updateDeployment, Action afterDeployment,
            WorkOSClient? workOS, WorkOSRegistrations registrations, List<string> actions, IReporter reporter,
            Func<string, string> homepageRejected, CancellationToken ct)
        {
            using var cancelWorkOS = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var deployment = updateDeployment(ct);
            var registering = workOS == null || registrations.IsEmpty
                ? Task.FromResult<IReadOnlyList<Call>>(new Call[0])
                : RegisterAllAsync(workOS, registrations, cancelWorkOS.Token);
            try
            {
                await deployment.ConfigureAwait(false);
                afterDeployment();
            }
            catch
            {
                cancelWorkOS.Cancel();
                try
                {
                    await registering.ConfigureAwait(false);
                }
                catch
                {
                    // The deployment's failure is the one that counts; WorkOS is sent again by the next run.
                }
                throw;
            }

            foreach (var call in await registering.ConfigureAwait(false))
            {
                var result = call.Result;
                if (call.Kind == CallKind.Homepage && result != Registration.Added)
                    reporter.Message(Importance.Low, homepageRejected(call.Value));
                else if (result == Registration.Added)
                    actions.Add(call.Kind == CallKind.RedirectUri ? $"registered redirect URI {call.Value}"
                        : call.Kind == CallKind.Homepage ? $"set app homepage URL {call.Value}"
                        : $"registered CORS origin {call.Value}");
            }
        }

        /// <summary>
        /// Three chains at once: the redirect URIs one after another (in WorkOS the first one an environment gets can
        /// become its default, so their order is part of the end state), the app homepage URL, and the CORS origins
        /// one after another (kept in order too, so the environment lists them as a sequential run would). Returns
        /// when every chain has ended, throwing the first failure in the CLI's order.
        /// </summary>
        private static async Task<IReadOnlyList<Call>> RegisterAllAsync(WorkOSClient workOS, WorkOSRegistrations registrations, CancellationToken ct)
        {
            var redirects = ChainAsync(Distinct(registrations.RedirectUris), CallKind.RedirectUri, workOS.AddRedirectUriAsync, ct);
            var homepage = registrations.AppHomepageUrl == null
                ? Task.FromResult(new List<Call>())
                : ChainAsync(new[] { registrations.AppHomepageUrl }, CallKind.Homepage, workOS.SetAppHomepageUrlAsync, ct);
            var origins = ChainAsync(Distinct(registrations.CorsOrigins), CallKind.CorsOrigin, workOS.AddCorsOriginAsync, ct);
            var chains = new[] { redirects, homepage, origins };
            foreach (var chain in chains)
            {
                try
                {
                    await chain.ConfigureAwait(false);
                }
                catch
                {
                    // Reported below, once every chain has ended.
                }
            }
            var calls = new List<Call>();
            foreach (var chain in chains)
                calls.AddRange(await chain.ConfigureAwait(false));
            return calls;
        }

        private static async Task<List<Call>> ChainAsync(IEnumerable<string> values, CallKind kind, Func<string, CancellationToken, Task<Registration>> send, CancellationToken ct)
        {
            var calls = new List<Call>();
            foreach (var value in values)
                calls.Add(new Call(kind, value, await send(value, ct).ConfigureAwait(false)));
            return calls;
        }

        /// <summary>A value listed twice is sent once: the second would only be answered "already exists".</summary>
        private static IEnumerable<string> Distinct(IEnumerable<string> values)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                if (seen.Add(value))
                    yield return value;
            }
        }

        private enum CallKind { RedirectUri, Homepage, CorsOrigin }

        private sealed class Call
        {
            public Call(CallKind kind, string value, Registration result)
            {
                Kind = kind;
                Value = value;
                Result = result;
            }

            public CallKind Kind { get; }
            public string Value { get; }
            public Registration Result { get; }
        }
    }
}
