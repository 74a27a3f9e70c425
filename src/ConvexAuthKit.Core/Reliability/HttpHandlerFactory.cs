using System;
using System.Net.Http;
using System.Reflection;

namespace ConvexAuthKit.Reliability
{
    /// <summary>
    /// Creates the HTTP handler the transport sends through. Under `dotnet build` (.NET Core) that is a
    /// SocketsHttpHandler with a connect timeout, so an unreachable host fails in seconds instead of waiting for
    /// the operating system's TCP timeout. netstandard2.0 cannot name that type, so it is created by reflection;
    /// on .NET Framework (Visual Studio's MSBuild) it does not exist and the per-request timeout bounds connecting.
    /// </summary>
    public static class HttpHandlerFactory
    {
        private static readonly Type? SocketsHandlerType =
            typeof(HttpClientHandler).Assembly.GetType("System.Net.Http.SocketsHttpHandler", throwOnError: false);

        /// <summary>Whether this runtime honours a connect timeout of its own.</summary>
        public static bool SupportsConnectTimeout => SocketsHandlerType?.GetProperty("ConnectTimeout") != null;

        public static HttpMessageHandler Create(TimeSpan connectTimeout)
        {
            var handler = TryCreateSocketsHandler(connectTimeout);
            return handler ?? new HttpClientHandler();
        }

        private static HttpMessageHandler? TryCreateSocketsHandler(TimeSpan connectTimeout)
        {
            if (SocketsHandlerType == null)
                return null;
            try
            {
                var handler = (HttpMessageHandler)Activator.CreateInstance(SocketsHandlerType)!;
                SetIfPresent(handler, "ConnectTimeout", connectTimeout);
                // Proxies from the environment still apply (UseProxy defaults to true); nothing else is changed.
                return handler;
            }
            catch (Exception e) when (e is TargetInvocationException || e is MemberAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return null;
            }
        }

        private static void SetIfPresent(object target, string property, object value)
        {
            var p = target.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance);
            if (p != null && p.CanWrite && p.PropertyType == value.GetType())
                p.SetValue(target, value);
        }
    }
}
