namespace ConvexAuthKit.Provisioning
{
    public enum ProvisioningMode
    {
        /// <summary>Provision, set, write and register what is missing (a normal build).</summary>
        Apply,
        /// <summary>Read only: say what would be done, change nothing anywhere (status target, dry run).</summary>
        DryRun,
        /// <summary>Read only, for CI: fail with a coded error when the deployment lacks what the config needs.</summary>
        Verify,
    }
}
