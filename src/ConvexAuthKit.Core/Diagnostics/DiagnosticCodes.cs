namespace ConvexAuthKit.Diagnostics
{
    /// <summary>
    /// Every diagnostic code ConvexAuthKit emits. Codes are stable: never reuse or renumber one.
    /// docs/diagnostics.md lists each with its cause and fix; a test keeps the two in step.
    /// </summary>
    public static class DiagnosticCodes
    {
        // 0001-0099: inputs on disk
        public const string PackageJsonMissing = "CAK0001";
        public const string PackageJsonInvalid = "CAK0002";
        public const string DeploymentNotConfigured = "CAK0003";
        public const string EnvFileInvalid = "CAK0004";
        public const string EnvFileUnwritable = "CAK0005";
        public const string FrontendDirMissing = "CAK0006";
        public const string AuthConfigUnreadable = "CAK0007";
        public const string ConvexJsonInvalid = "CAK0008";
        public const string CliConfigUnreadable = "CAK0009";
        /// <summary>A <c>${…}</c> placeholder in convex.json's authKit section is unknown, or has no value (an unset <c>${buildEnv.X}</c>).</summary>
        public const string ConvexJsonTemplateUnresolved = "CAK0010";
        /// <summary>Several Visual Studio JavaScript project (.esproj) folders could be the frontend.</summary>
        public const string FrontendAmbiguous = "CAK0011";
        public const string InvalidProperty = "CAK0012";
        /// <summary>A value or comment for .env.local has no form that is one line dotenv reads back unchanged (line break, control character, ...).</summary>
        public const string EnvValueUnwritable = "CAK0013";
        /// <summary>An input path is a named pipe, socket or device: never read (it could block) and never replaced.</summary>
        public const string InputNotRegularFile = "CAK0020";
        /// <summary>A lock file could not be created or opened (read-only or full disk, no permission): the run goes on without that lock.</summary>
        public const string LockUnavailable = "CAK0021";
        /// <summary>A lock path is a symbolic link or not a regular file, or the per-user lock folder is not private: refused.</summary>
        public const string LockPathUnsafe = "CAK0022";
        /// <summary>ConvexAuthKitFrontendUrl (or SpaProxyServerUrl) is not an absolute http(s) origin.</summary>
        public const string FrontendUrlInvalid = "CAK0030";
        /// <summary>A redirect URI, CORS origin or app homepage URL in convex.json's authKit section is not a usable URL once resolved.</summary>
        public const string ConvexJsonUrlInvalid = "CAK0031";
        /// <summary>Evaluating an auth.config the scan could not decide took too long; Node was stopped and the fallback rule decided.</summary>
        public const string AuthConfigEvaluationTimedOut = "CAK0040";
        /// <summary>An auth.config the scan could not decide could not be bundled or evaluated; the fallback rule decided.</summary>
        public const string AuthConfigEvaluationFailed = "CAK0041";

        // 0100-0199: credentials and deployment
        public const string NotLoggedIn = "CAK0100";
        public const string AccessTokenRejected = "CAK0101";
        public const string DeploymentNotFound = "CAK0102";
        public const string DeployKeyInvalid = "CAK0103";
        public const string DeploymentKeyCannotProvision = "CAK0104";
        public const string DeploymentKindNotProvisioned = "CAK0105";
        public const string DeploymentKindUnsupported = "CAK0106";
        public const string InsecureUrl = "CAK0107";
        public const string EnvLocalNotGitIgnored = "CAK0108";
        /// <summary>Big Brain has no production or preview deployment these credentials can reach (authorize_prod / authorize_preview).</summary>
        public const string RemoteDeploymentNotFound = "CAK0110";
        /// <summary>ConvexAuthKitDeployment is not empty, dev, prod or preview:&lt;name&gt;, or CONVEX_DEPLOY_KEY is for another deployment.</summary>
        public const string DeploymentTargetInvalid = "CAK0111";
        /// <summary>A preview deploy key is set but no preview name: neither ConvexAuthKitDeployment=preview:&lt;name&gt; nor a CI branch variable.</summary>
        public const string PreviewNameMissing = "CAK0112";
        /// <summary>Reaching prod or a preview with an access token needs CONVEX_DEPLOYMENT to say which project.</summary>
        public const string ProjectNotSelected = "CAK0113";

        // 0200-0299: WorkOS / provisioning
        public const string NoWorkOSTeam = "CAK0200";
        public const string DeploymentVariableMismatch = "CAK0201";
        public const string PartialDeploymentVariables = "CAK0202";
        public const string FrameworkNotWritten = "CAK0203";
        public const string WorkOSRequestFailed = "CAK0204";
        public const string VerifyFailed = "CAK0205";
        /// <summary>ConvexAuthKitWorkOSTeamEmail is not a verified, unused email that may own a new WorkOS team.</summary>
        public const string WorkOSTeamEmailUnavailable = "CAK0206";
        /// <summary>Convex answered get_or_provision_workos_environment with a client id, environment id or API key that is empty or not WorkOS-shaped.</summary>
        public const string ProvisionedCredentialsMalformed = "CAK0207";
        /// <summary>A WORKOS_* variable of the process environment is not a WorkOS id or key (a placeholder); it is ignored but hides .env.local.</summary>
        public const string WorkOSPlaceholderInEnvironment = "CAK0210";
        /// <summary>A deploy key of the production or preview deployment itself cannot provision its WorkOS environment.</summary>
        public const string RemoteDeploymentKeyCannotProvision = "CAK0220";

        // 0300-0399: transport
        public const string HttpError = "CAK0300";
        public const string NetworkError = "CAK0301";
        public const string Timeout = "CAK0302";
        public const string RunDeadlineExceeded = "CAK0303";
        public const string OfflineUsedLastResult = "CAK0304";
        public const string ProjectBusy = "CAK0305";
        /// <summary>A service answered with a redirect (3xx); redirects are never followed.</summary>
        public const string RedirectRefused = "CAK0306";
        /// <summary>A service's answer is larger than the cap (1 MiB); it is not read further.</summary>
        public const string ResponseTooLarge = "CAK0307";
        /// <summary>Convex answered a value (deployment URL or name, admin key, type, variable name) that does not have its expected shape.</summary>
        public const string ServerAnswerMalformed = "CAK0308";
        /// <summary>A credential to be sent in a request header holds characters a header cannot carry.</summary>
        public const string CredentialNotSendable = "CAK0309";

        // 0900: the unexpected
        public const string InternalError = "CAK0900";

        // 0910-0919: the MSBuild host
        /// <summary>Visual Studio's MSBuild (.NET Framework) is older than the oldest one the package supports.</summary>
        public const string MSBuildTooOld = "CAK0910";
        /// <summary>An assembly the task needs could not be loaded (missing from tasks/&lt;tfm&gt;/, or a version the host cannot bind).</summary>
        public const string DependencyLoadFailed = "CAK0911";
    }
}
