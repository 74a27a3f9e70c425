using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    public sealed class ApiResponse
    {
        public ApiResponse(HttpStatusCode status, string body)
        {
            Status = status;
            Body = body;
        }

        public HttpStatusCode Status { get; }
        public string Body { get; }
        public RetryConditionHeaderValue? RetryAfter { get; set; }
        /// <summary>Which service and call answered, for messages ("WorkOS (POST /user_management/cors_origins)").</summary>
        public string Source { get; set; } = "The service";
        public bool IsSuccess => (int)Status >= 200 && (int)Status < 300;

        /// <summary>
        /// The <c>code</c> of an error body <c>{"code": "...", "message": "..."}</c>, if it has one of the shape
        /// <see cref="ServerShapes.IsErrorCode"/>; any other is treated as no code, so it neither chooses what we do
        /// nor reaches a message.
        /// </summary>
        public string? ErrorCode
        {
            get
            {
                var code = ReadErrorField("code");
                return ServerShapes.IsErrorCode(code) ? code : null;
            }
        }

        /// <summary>The <c>message</c> of an error body, made fit for a diagnostic (<see cref="ServerText.ForMessage"/>).</summary>
        public string? ErrorMessage
        {
            get
            {
                var message = ServerText.ForMessage(ReadErrorField("message"));
                return string.IsNullOrEmpty(message) ? null : message;
            }
        }

        /// <summary>The body as JSON. A body that is not JSON (a proxy's HTML page, a cut-off answer) is CAK0300, not a crash.</summary>
        public JsonDocument Json()
        {
            try
            {
                return JsonDocument.Parse(Body.Length == 0 ? "null" : Body);
            }
            catch (JsonException)
            {
                // The body is not quoted: it could echo a credential back.
                throw new ConvexAuthKitException(DiagnosticCodes.HttpError,
                    $"{Source} answered {(int)Status} with {Body.Length} characters that are not JSON; a proxy or captive portal may be in the way, try the build again.");
            }
        }

        private string? ReadErrorField(string name)
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty(name, out var value)
                    && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
            catch (JsonException)
            {
            }
            return null;
        }
    }
}
