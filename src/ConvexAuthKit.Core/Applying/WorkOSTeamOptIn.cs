using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Applying
{
    /// <summary>
    /// Makes sure the deployment's Convex team has a WorkOS team before an environment is provisioned. Creating
    /// one accepts WorkOS's terms, which the CLI only does after an interactive yes; a build has no one to ask, so
    /// it only does it when ConvexAuthKitWorkOSTeamEmail names the email to use (checked against the member's
    /// available emails first), and then says so loudly. Without the opt-in: CAK0200.
    /// </summary>
    internal sealed class WorkOSTeamOptIn
    {
        private readonly string? _email;
        private readonly IReporter _reporter;
        private readonly List<string> _actions;

        public WorkOSTeamOptIn(string? email, IReporter reporter, List<string> actions)
        {
            _email = string.IsNullOrWhiteSpace(email) ? null : email!.Trim();
            _reporter = reporter;
            _actions = actions;
        }

        public async Task EnsureTeamAsync(BigBrainClient bigBrain, string deploymentName, CancellationToken ct)
        {
            var status = await bigBrain.HasAssociatedWorkOSTeamAsync(deploymentName, ct).ConfigureAwait(false);
            if (status.HasWorkOSTeam)
                return;
            if (_email == null)
                throw BigBrainClient.NoWorkOSTeam();
            if (status.TeamId == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.HttpError,
                    "Convex did not say which team deployment " + deploymentName + " belongs to, so no WorkOS team can be created; run `npx convex integration workos provision-team` instead.");
            }

            var emails = await bigBrain.AvailableWorkOSTeamEmailsAsync(ct).ConfigureAwait(false);
            var chosen = emails.Available.FirstOrDefault(e => string.Equals(e, _email, StringComparison.OrdinalIgnoreCase));
            if (chosen == null)
                throw Unavailable(emails);

            var teamName = await bigBrain.ProvisionAssociatedWorkOSTeamAsync(status.TeamId.Value, chosen, ct).ConfigureAwait(false);
            _reporter.Message(Importance.High,
                $"ConvexAuthKit: created WorkOS team {teamName} with admin {chosen} (ConvexAuthKitWorkOSTeamEmail), accepting the WorkOS Terms of Service (https://workos.com/legal/terms-of-service) and Privacy Policy (https://workos.com/legal/privacy).");
            _actions.Add($"created WorkOS team {teamName} (admin {chosen})");
        }

        private ConvexAuthKitException Unavailable(WorkOSTeamEmails emails)
        {
            var used = emails.Used.Any(e => string.Equals(e, _email, StringComparison.OrdinalIgnoreCase));
            var why = used
                ? $"{_email} already belongs to a WorkOS account"
                : $"{_email} is not a verified email of your Convex account";
            var offer = emails.Available.Count == 0
                ? "add and verify an email at https://dashboard.convex.dev/profile"
                : "use one of " + string.Join(", ", emails.Available) + " or verify another at https://dashboard.convex.dev/profile";
            return new ConvexAuthKitException(DiagnosticCodes.WorkOSTeamEmailUnavailable,
                $"ConvexAuthKitWorkOSTeamEmail cannot create the WorkOS team: {why}; {offer}.");
        }
    }
}
