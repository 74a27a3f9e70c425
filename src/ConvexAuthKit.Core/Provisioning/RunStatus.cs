namespace ConvexAuthKit.Provisioning
{
    /// <summary>How a run behind the cache ended, for the task (its ConvexAuthKitOutcome output).</summary>
    public enum RunStatus
    {
        Succeeded,
        SkippedFromCache,
        Failed,
        /// <summary>No service answered, but the last successful result still matches every input: a warning, not an error.</summary>
        UsedLastResultOffline,
    }
}
