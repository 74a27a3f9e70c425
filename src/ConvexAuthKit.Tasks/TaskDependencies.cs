using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Utilities;

namespace ConvexAuthKit.Tasks
{
    /// <summary>
    /// Runs the task's body so that an assembly of ours that cannot be loaded (a file missing from tasks/&lt;tfm&gt;/, or a
    /// version the host cannot bind) ends as one CAK0911 error naming it, instead of MSB4018 and a stack trace.
    /// On .NET Framework it also answers AssemblyResolve for the files beside the task (as Visual Studio's MSBuild
    /// probes only its own folder and the task's, with exact versions), and remembers what it could not resolve.
    /// Nothing here may touch ConvexAuthKit.Core or its dependencies: those are what may be missing.
    /// </summary>
    internal static class TaskDependencies
    {
        private static readonly string TaskDirectory = Path.GetDirectoryName(typeof(TaskDependencies).Assembly.Location) ?? "";
        private static readonly object Sync = new object();
        private static readonly List<string> Unresolved = new List<string>();
#if NETFRAMEWORK
        private static bool _hooked;
#endif

        public static bool Run(TaskLoggingHelper log, string projectFile, Func<bool> body)
        {
#if NETFRAMEWORK
            Hook();
#endif
            try
            {
                return body();
            }
            catch (Exception e) when (AssemblyIn(e) is string assembly)
            {
                // A const of the core: compiled into this assembly, so the core need not load to report it.
                const string code = Diagnostics.DiagnosticCodes.DependencyLoadFailed;
                log.LogError(null, code, null, HelpLink(code), projectFile, 0, 0, 0, 0, "{0}", Describe(assembly, e));
                return false;
            }
        }

        /// <summary>The assembly a load failure is about, or null when the exception is not one.</summary>
        private static string? AssemblyIn(Exception e)
        {
            for (var current = e; current != null; current = current.InnerException)
            {
                switch (current)
                {
                    case FileNotFoundException notFound when LooksLikeAssemblyName(notFound.FileName):
                        return notFound.FileName;
                    case FileLoadException load when LooksLikeAssemblyName(load.FileName):
                        return load.FileName;
                    case BadImageFormatException bad when LooksLikeAssemblyName(bad.FileName):
                        return bad.FileName;
                }
            }
            return null;
        }

        private static bool LooksLikeAssemblyName(string? text) =>
            !string.IsNullOrEmpty(text) && (text!.IndexOf("Version=", StringComparison.Ordinal) > 0 || text.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));

        private static string Describe(string assembly, Exception e)
        {
            string[] seen;
            lock (Sync)
                seen = Unresolved.ToArray();
            var name = assembly.Split(',')[0].Trim();
            var detail = seen.LastOrDefault(s => s.StartsWith(name + "|", StringComparison.OrdinalIgnoreCase))?.Substring(name.Length + 1)
                ?? $"{e.GetType().Name}: {e.Message}";
            return $"ConvexAuthKit could not load {assembly}: {detail} (task folder: {TaskDirectory}). The package's files are incomplete, or this MSBuild cannot bind that version: " +
                   "delete the package's folder under ~/.nuget/packages/convexauthkit/ and restore again, and use Visual Studio 2022 17.10 or later.";
        }

        private static string HelpLink(string code)
        {
            var help = typeof(TaskDependencies).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), false)
                .OfType<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ConvexAuthKitHelpBase")?.Value;
            return (help ?? "") + code.ToLowerInvariant();
        }

#if NETFRAMEWORK
        private static void Hook()
        {
            lock (Sync)
            {
                if (_hooked)
                    return;
                _hooked = true;
            }
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
        }

        /// <summary>
        /// Called for every assembly the process fails to bind. Only ours are answered: a file of that name beside the
        /// task, at the version asked for or newer (what MSBuild's own probing refuses unless the versions match
        /// exactly). Anything else our assemblies asked for is remembered for the error message.
        /// </summary>
        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName wanted;
            try
            {
                wanted = new AssemblyName(args.Name);
            }
            catch (Exception e) when (e is ArgumentException || e is FileLoadException)
            {
                return null;
            }
            if (string.IsNullOrEmpty(wanted.Name) || wanted.Name.EndsWith(".resources", StringComparison.OrdinalIgnoreCase))
                return null;

            var candidate = Path.Combine(TaskDirectory, wanted.Name + ".dll");
            var beside = File.Exists(candidate);
            if (!beside && !AskedByUs(args.RequestingAssembly))
                return null;
            if (!beside)
            {
                Remember(wanted.Name, "no such file beside the task, and this MSBuild does not provide it");
                return null;
            }
            try
            {
                var found = AssemblyName.GetAssemblyName(candidate);
                if (wanted.Version == null || found.Version >= wanted.Version)
                    return Assembly.LoadFrom(candidate);
                Remember(wanted.Name, $"the file beside the task is version {found.Version}, older than asked for");
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
            {
                Remember(wanted.Name, $"{candidate} cannot be loaded ({e.GetType().Name})");
            }
            return null;
        }

        private static bool AskedByUs(Assembly? requesting)
        {
            if (requesting == null || requesting.IsDynamic)
                return false;
            try
            {
                return string.Equals(Path.GetDirectoryName(requesting.Location), TaskDirectory, StringComparison.OrdinalIgnoreCase);
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }

        private static void Remember(string name, string why)
        {
            lock (Sync)
            {
                if (Unresolved.Count < 50)
                    Unresolved.Add(name + "|" + why);
            }
        }
#endif
    }
}
