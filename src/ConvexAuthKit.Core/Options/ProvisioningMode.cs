namespace ConvexAuthKit.Options
{
    public enum ProvisioningMode
    {
        /// <summary>Provision, set, write and register what is missing (a normal build).</summary>
        Apply,
        /// <summary>Read only: say what would be done, change nothing anywhere (dry run).</summary>
        DryRun,
        /// <summary>Read only, for CI: fail with a coded error when the deployment lacks what the config needs.</summary>
        Verify,
        /// <summary>
        /// The ConvexAuthKitStatus target: read only exactly as <see cref="DryRun"/> (the core tests only for Apply
        /// and Verify); the task also says whether the cache is current and logs every decision at high importance.
        /// </summary>
        Status,
    }
}
