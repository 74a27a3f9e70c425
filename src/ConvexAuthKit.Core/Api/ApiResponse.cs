using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

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
        public bool IsSuccess => (int)Status >= 200 && (int)Status < 300;

        /// <summary>The <c>code</c> of an error body <c>{"code": "...", "message": "..."}</c>, if it has one.</summary>
        public string? ErrorCode => ReadErrorField("code");
        public string? ErrorMessage => ReadErrorField("message");

        public JsonDocument Json() => JsonDocument.Parse(Body.Length == 0 ? "null" : Body);

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
