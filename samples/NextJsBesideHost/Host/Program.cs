var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// The .NET side serves an API next to the Next.js app; sign-in itself is WorkOS AuthKit in Next.js, checked by Convex.
app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));

app.Run();
