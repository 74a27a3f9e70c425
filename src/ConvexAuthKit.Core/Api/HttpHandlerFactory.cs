using System;
using System.Net.Http;
using System.Reflection;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Creates the HTTP handler the transport sends through. Under `dotnet build` (.NET Core) that is a
    /// SocketsHttpHandler with a connect timeout, so an unreachable host fails in seconds instead of waiting for
    /// the operating system's TCP timeout. netstandard2.0 cannot name that type, so it is created by reflection;
    /// on .NET Framework (Visual Studio's MSBuild) it does not exist and the per-request timeout bounds connecting.
    /// Neither handler follows redirects: a 307/308 would resend the request body and its Authorization header
    /// to wherever the server points (HttpTransport turns any 3xx into CAK0306).
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
            return handler ?? CreateClientHandler();
        }

        /// <summary>The handler where SocketsHttpHandler is missing (.NET Framework), or could not be set up.</summary>
        internal static HttpClientHandler CreateClientHandler() => new HttpClientHandler { AllowAutoRedirect = false };

        private static HttpMessageHandler? TryCreateSocketsHandler(TimeSpan connectTimeout)
        {
            if (SocketsHandlerType == null)
                return null;
            try
            {
                var handler = (HttpMessageHandler)Activator.CreateInstance(SocketsHandlerType)!;
                SetIfPresent(handler, "ConnectTimeout", connectTimeout);
                // Without this set (and read back) the handler is not used at all.
                var redirect = handler.GetType().GetProperty("AllowAutoRedirect", BindingFlags.Public | BindingFlags.Instance);
                if (redirect == null || redirect.PropertyType != typeof(bool) || !redirect.CanWrite)
                {
                    handler.Dispose();
                    return null;
                }
                redirect.SetValue(handler, false);
                if (!Equals(redirect.GetValue(handler), false))
                {
                    handler.Dispose();
                    return null;
                }
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
