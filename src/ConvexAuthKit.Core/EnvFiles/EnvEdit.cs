namespace ConvexAuthKit.EnvFiles
{
    /// <summary>What <see cref="EnvFileDocument.Set"/> did to the document.</summary>
    public enum EnvEdit
    {
        /// <summary>The variable already had that value; the text is untouched.</summary>
        Unchanged,
        /// <summary>The variable's assignment (all of its lines) was replaced by one <c>NAME=value</c> line.</summary>
        Replaced,
        /// <summary>The variable was added at the end of the file.</summary>
        Appended,
    }
}
