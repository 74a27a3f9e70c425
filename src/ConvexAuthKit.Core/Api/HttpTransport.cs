using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Reliability;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Sends one JSON request with a per-request timeout, and retries calls that are safe to repeat on transient
    /// failures (network errors, 5xx, 429 with a short Retry-After) with bounded exponential backoff and jitter.
    /// 4xx answers are returned to the caller, never retried.
    /// One file because: the send, its timeout, the bounded body read and the retry decision share one request's state; split, each half would need the other's internals.
    /// </summary>
    public sealed class HttpTransport : IDisposable
    {
        public const string ClientId = "convexauthkit";

        private readonly HttpClient _http;
        private readonly HttpPolicy _policy;
        private readonly Random _jitter = new Random();

        public HttpTransport(HttpPolicy policy, HttpMessageHandler? handler = null)
        {
            _policy = policy;
            // A handler given by a test is the test's to dispose; ours (with the connect timeout) is disposed with us.
            _http = handler == null
                ? new HttpClient(HttpHandlerFactory.Create(policy.ConnectTimeout), disposeHandler: true)
                : new HttpClient(handler, disposeHandler: false);
            // Our own per-attempt timeout governs; HttpClient's would surface as a bare TaskCanceledException.
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        }

        public static string ClientVersion { get; } =
            typeof(HttpTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        /// <summary>Refuses plain http:// for anything but loopback: credentials would cross the network in clear.</summary>
        public static Uri RequireSecure(string url, string what)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.InsecureUrl,
                    $"{what} '{ServerText.ForMessage(url)}' is not an absolute http(s) URL; set it to an https:// origin.");
            }
            if (uri.Scheme == "http" && !uri.IsLoopback)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.InsecureUrl,
                    $"{what} '{ServerText.ForMessage(url)}' uses plain http:// to a host that is not this machine, which would send credentials in clear; use https://.");
            }
            return uri;
        }

        public async Task<ApiResponse> SendAsync(
            HttpMethod method, Uri url, string? jsonBody, AuthenticationHeaderValue? auth, bool safeToRepeat,
            string serviceName, CancellationToken cancellationToken)
        {
            var attempts = safeToRepeat ? Math.Max(1, _policy.MaxAttempts) : 1;
            var step = $"{serviceName}: {method} {url.AbsolutePath}";
            var progress = RunProgress.Current;
            var ticket = progress?.Begin(step);
            try
            {
                var response = await SendWithRetriesAsync(method, url, jsonBody, auth, attempts, serviceName, cancellationToken).ConfigureAwait(false);
                if (ticket != null)
                    progress!.End(ticket, response.IsSuccess);
                return response;
            }
            catch (OperationCanceledException)
            {
                if (ticket != null)
                    progress!.Interrupt(ticket);
                throw;
            }
            catch
            {
                if (ticket != null)
                    progress!.End(ticket, succeeded: false);
                throw;
            }
        }

        private async Task<ApiResponse> SendWithRetriesAsync(
            HttpMethod method, Uri url, string? jsonBody, AuthenticationHeaderValue? auth, int attempts,
            string serviceName, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                TimeSpan? retryAfter = null;
                Exception? failure = null;
                ApiResponse? response = null;
                try
                {
                    response = await SendOnceAsync(method, url, jsonBody, auth, serviceName, cancellationToken).ConfigureAwait(false);
                    if (!IsTransient(response, out retryAfter))
                        return response;
                }
                catch (AttemptTimedOutException e)
                {
                    failure = e;
                }
                catch (Exception e) when (e is HttpRequestException || e is IOException || e is WebException)
                {
                    failure = e;
                }

                var lastAttempt = attempt >= attempts
                    || (retryAfter.HasValue && retryAfter.Value > _policy.MaxRetryAfter);
                if (lastAttempt)
                {
                    if (response != null)
                        return response;
                    throw Describe(failure!, method, url, serviceName, attempt);
                }

                var delay = retryAfter ?? Backoff(attempt);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<ApiResponse> SendOnceAsync(HttpMethod method, Uri url, string? jsonBody, AuthenticationHeaderValue? auth, string serviceName, CancellationToken cancellationToken)
        {
            // A key read from a server or a file goes into the header only if it cannot end the header line.
            if (auth != null && !string.IsNullOrEmpty(auth.Parameter) && !ServerShapes.IsHeaderToken(auth.Parameter))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.CredentialNotSendable,
                    $"The key ConvexAuthKit would send to {serviceName} for {method} {url.AbsolutePath} holds spaces, control or non-ASCII characters, so it is not a real key and was not sent; check the credential (for WorkOS, the deployment's WORKOS_API_KEY).");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HttpPolicy.ForCancelAfter(_policy.RequestTimeout));
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = auth;
            request.Headers.TryAddWithoutValidation("Convex-Client", ClientId + "-" + ClientVersion);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (jsonBody != null)
                request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");

            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                RefuseRedirect(response, method, url, serviceName);
                // Reading has no token on netstandard2.0's content API: dispose the response on cancel to unblock it.
                using (timeout.Token.Register(() => response.Dispose()))
                {
                    try
                    {
                        var body = await ReadCappedAsync(response, method, url, serviceName, timeout.Token).ConfigureAwait(false);
                        timeout.Token.ThrowIfCancellationRequested();
                        return new ApiResponse(response.StatusCode, body) { RetryAfter = response.Headers.RetryAfter, Source = $"{serviceName} ({method} {url.AbsolutePath})" };
                    }
                    catch (Exception e) when ((e is ObjectDisposedException || e is IOException || e is HttpRequestException) && timeout.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(timeout.Token);
                    }
                }
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Not the caller's cancellation: our per-request timeout, or the handler's connect timeout.
                throw new AttemptTimedOutException(connecting: !timeout.IsCancellationRequested, e);
            }
        }

        /// <summary>
        /// Any 3xx is an error: the handlers never follow redirects (HttpHandlerFactory), because a 307/308 would
        /// resend the body (deployment variables, keys) and the Authorization header to wherever it points. An answer
        /// from another origin than asked (a handler given by a caller that does follow) is refused the same way.
        /// </summary>
        private static void RefuseRedirect(HttpResponseMessage response, HttpMethod method, Uri url, string serviceName)
        {
            var status = (int)response.StatusCode;
            var answeredFrom = response.RequestMessage?.RequestUri;
            var moved = answeredFrom != null && answeredFrom.IsAbsoluteUri
                && !string.Equals(answeredFrom.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
            if ((status < 300 || status > 399) && !moved)
                return;

            string target;
            var location = moved ? answeredFrom : response.Headers.Location;
            if (location == null)
                target = "no location";
            else if (!location.IsAbsoluteUri)
                target = "another path on " + ServerText.ForMessage(url.Authority);
            else
                target = ServerText.ForMessage(location.Authority, 100) ?? "";
            var what = moved
                ? $"was redirected, and the HTTP handler followed it to {target}; the answer was not used"
                : $"with a redirect ({status}, to {target}); ConvexAuthKit never follows redirects, so nothing was sent there";
            throw new ConvexAuthKitException(DiagnosticCodes.RedirectRefused,
                $"{serviceName} at {ServerText.ForMessage(url.Authority, 100)} answered {method} {url.AbsolutePath} {what}. Check the configured URL (ConvexProvisionHost, ConvexAuthKitWorkOSApiUrl) and any proxy in between, then build again.");
        }

        /// <summary>
        /// Reads the body as UTF-8, at most <see cref="HttpPolicy.MaxResponseBytes"/>: a declared length over it is
        /// refused before reading, and a body that goes on past it (chunked, or longer than declared) is refused at
        /// the first byte too many, so an endless or huge answer never fills memory.
        /// </summary>
        private async Task<string> ReadCappedAsync(HttpResponseMessage response, HttpMethod method, Uri url, string serviceName, CancellationToken token)
        {
            if (response.Content == null)
                return "";
            var cap = Math.Max(0, _policy.MaxResponseBytes);
            var declared = response.Content.Headers.ContentLength;
            if (declared.HasValue && declared.Value > cap)
                throw TooLarge(method, url, serviceName, cap);

            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                // Up to one byte past the cap: enough to know the body is too large.
                var want = (int)Math.Min(chunk.Length, cap + 1 - buffer.Length);
                var read = await stream.ReadAsync(chunk, 0, want, token).ConfigureAwait(false);
                if (read == 0)
                    break;
                buffer.Write(chunk, 0, read);
                if (buffer.Length > cap)
                    throw TooLarge(method, url, serviceName, cap);
            }
            var bytes = buffer.GetBuffer();
            var length = (int)buffer.Length;
            var start = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return Encoding.UTF8.GetString(bytes, start, length - start);
        }

        private static ConvexAuthKitException TooLarge(HttpMethod method, Uri url, string serviceName, long cap) =>
            new ConvexAuthKitException(DiagnosticCodes.ResponseTooLarge,
                $"{serviceName} answered {method} {url.AbsolutePath} with more than {cap / 1024} KiB, far more than any answer of this API; it was not read further. A proxy or a wrong ConvexProvisionHost / ConvexAuthKitWorkOSApiUrl may be in the way; check them and build again.");

        private static bool IsTransient(ApiResponse response, out TimeSpan? retryAfter)
        {
            retryAfter = null;
            var status = (int)response.Status;
            if (status == 429)
            {
                retryAfter = ReadRetryAfter(response.RetryAfter) ?? TimeSpan.FromSeconds(1);
                return true;
            }
            if (status >= 500)
            {
                retryAfter = ReadRetryAfter(response.RetryAfter);
                return true;
            }
            return false;
        }

        private static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? header)
        {
            if (header == null)
                return null;
            if (header.Delta.HasValue)
                return header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        private TimeSpan Backoff(int attempt)
        {
            var exponential = _policy.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
            var capped = Math.Min(exponential, _policy.MaxBackoff.TotalMilliseconds);
            double factor;
            lock (_jitter)
                factor = 0.5 + _jitter.NextDouble() / 2;
            return TimeSpan.FromMilliseconds(capped * factor);
        }

        private ConvexAuthKitException Describe(Exception failure, HttpMethod method, Uri url, string serviceName, int attempts)
        {
            var where = $"{method} {url.GetLeftPart(UriPartial.Path)}";
            var tries = attempts == 1 ? "" : $" after {attempts} attempts";
            if (failure is AttemptTimedOutException timedOut)
            {
                var message = timedOut.Connecting
                    ? $"{serviceName} could not be connected to for {where} within {_policy.ConnectTimeout.TotalSeconds:0.#} s{tries}; check your connection, or raise ConvexAuthKitConnectTimeout."
                    : $"{serviceName} did not answer {where} within {_policy.RequestTimeout.TotalSeconds:0.#} s{tries}; check your connection, or raise ConvexAuthKitHttpTimeout.";
                return new ConvexAuthKitException(DiagnosticCodes.Timeout, message, null, 0, failure);
            }
            return new ConvexAuthKitException(DiagnosticCodes.NetworkError,
                $"{serviceName} could not be reached for {where}{tries} ({ServerText.ForMessage(Innermost(failure).Message)?.TrimEnd('.')}); check your connection and try the build again.",
                null, 0, failure);
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
                e = e.InnerException;
            return e;
        }

        public void Dispose() => _http.Dispose();

        /// <summary>One attempt ran out of time (connecting, or waiting for the answer); the caller did not cancel.</summary>
        private sealed class AttemptTimedOutException : TimeoutException
        {
            public AttemptTimedOutException(bool connecting, Exception inner)
                : base(connecting ? "connect timeout" : "request timeout", inner)
            {
                Connecting = connecting;
            }

            public bool Connecting { get; }
        }
    }
}
