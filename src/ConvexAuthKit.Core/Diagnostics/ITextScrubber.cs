namespace ConvexAuthKit.Diagnostics
{
    /// <summary>
    /// Masks secrets in a text about to be reported. Declared here so the reporting side needs nothing from the
    /// API clients, which know the secrets (Api/SecretScrubber implements it).
    /// </summary>
    public interface ITextScrubber
    {
        string Scrub(string text);
    }
}
