namespace ConvexAuthKit.Api
{
    /// <summary>
    /// A credential (access token, admin key, WorkOS API key). Its ToString never shows the value, so an
    /// accidental interpolation into a message or log prints a mask instead of the secret.
    /// </summary>
    public sealed class Secret
    {
        public Secret(string value) => Reveal = value;

        /// <summary>The value, for the one place that must send or store it.</summary>
        public string Reveal { get; }

        public override string ToString() => "***";
    }
}
