namespace ConvexAuthKit.Planning
{
    /// <summary>One variable to bring into .env.local; the comment line goes above it only when it is appended.</summary>
    public sealed class EnvWrite
    {
        public EnvWrite(string name, string value, string? comment = null, bool isSecret = false, bool replacesPlaceholder = false)
        {
            ReplacesPlaceholder = replacesPlaceholder;
            Name = name;
            Value = value;
            Comment = comment;
            IsSecret = isSecret;
        }

        public string Name { get; }
        public string Value { get; }
        public string? Comment { get; }
        /// <summary>A value that must never be shown (API key, cookie password).</summary>
        public bool IsSecret { get; }
        /// <summary>.env.local holds a template placeholder (or a published or too short cookie password) for this name, which the write replaces.</summary>
        public bool ReplacesPlaceholder { get; }
    }
}
