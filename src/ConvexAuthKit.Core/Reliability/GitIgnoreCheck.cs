using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Reliability
{
    public enum GitIgnoreStatus
    {
        /// <summary>git would not commit the file.</summary>
        Ignored,
        /// <summary>The file is (or would be) committed.</summary>
        NotIgnored,
        /// <summary>No git repository above the file: nothing to warn about.</summary>
        NotInRepository,
    }

    /// <summary>
    /// Whether git would commit a file: `git check-ignore` when git is on PATH (it also knows tracked files and
    /// global excludes), answered within a short timeout; else a plain reading of the .gitignore files.
    /// .env.local holds WORKOS_API_KEY for Next.js and TanStack Start, so committing it leaks a key.
    /// </summary>
    public static class GitIgnoreCheck
    {
        public static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(3);

        /// <summary>The variables whose presence makes committing .env.local a leak.</summary>
        public static readonly string[] SecretVariables = { "WORKOS_API_KEY", "WORKOS_COOKIE_PASSWORD" };

        /// <summary>Warns CAK0108 when <paramref name="envLocalPath"/> holds a secret, is in a git repository, and is not ignored.</summary>
        public static void WarnIfNotIgnored(string envLocalPath, IReporter reporter)
        {
            if (!HoldsSecret(envLocalPath) || Check(envLocalPath) != GitIgnoreStatus.NotIgnored)
                return;
            reporter.Warning(DiagnosticCodes.EnvLocalNotGitIgnored,
                $"{envLocalPath} holds WorkOS secrets (WORKOS_API_KEY, WORKOS_COOKIE_PASSWORD) but git does not ignore it, so they could be committed; add `.env.local` (or `*.local`) to .gitignore, and `git rm --cached` it if it is already tracked.",
                envLocalPath);
        }

        private static bool HoldsSecret(string envLocalPath)
        {
            try
            {
                var document = EnvFileDocument.Load(envLocalPath);
                return SecretVariables.Any(document.HasAssignment);
            }
            catch (ConvexAuthKitException)
            {
                return false;
            }
        }

        public static GitIgnoreStatus Check(string filePath)
        {
            var full = Path.GetFullPath(filePath);
            var root = FindRepositoryRoot(Path.GetDirectoryName(full)!);
            if (root == null)
                return GitIgnoreStatus.NotInRepository;
            var viaGit = AskGit(root, full);
            if (viaGit.HasValue)
                return viaGit.Value;
            return GitIgnorePatterns.IsIgnored(root, full) ? GitIgnoreStatus.Ignored : GitIgnoreStatus.NotIgnored;
        }

        /// <summary>The nearest folder at or above <paramref name="dir"/> with a .git folder or file (worktrees and submodules have a file).</summary>
        public static string? FindRepositoryRoot(string dir)
        {
            for (var current = new DirectoryInfo(dir); current != null; current = current.Parent)
            {
                var git = Path.Combine(current.FullName, ".git");
                if (Directory.Exists(git) || File.Exists(git))
                    return current.FullName;
            }
            return null;
        }

        /// <summary>git's own answer, or null when git is missing, too slow, or fails (e.g. a repository it cannot read).</summary>
        private static GitIgnoreStatus? AskGit(string root, string file)
        {
            var psi = new ProcessStartInfo("git")
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            psi.Arguments = "check-ignore -q -- \"" + file.Replace("\"", "\\\"") + "\"";
            try
            {
                using var process = Process.Start(psi);
                if (process == null)
                    return null;
                if (!process.WaitForExit((int)GitTimeout.TotalMilliseconds))
                {
                    TryKill(process);
                    return null;
                }
                // 0: ignored, 1: not ignored, anything else: git could not tell.
                return process.ExitCode == 0 ? GitIgnoreStatus.Ignored
                    : process.ExitCode == 1 ? GitIgnoreStatus.NotIgnored
                    : (GitIgnoreStatus?)null;
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException || e is IOException)
            {
                return null;
            }
        }

        private static void TryKill(Process process)
        {
            try
            {
                process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException || e is Win32Exception)
            {
                // Already gone.
            }
        }
    }
}
