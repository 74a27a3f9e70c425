var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();

// The API the React app calls; authentication itself is handled by WorkOS AuthKit in the browser and by Convex.
app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
app.MapFallbackToFile("/index.html");

app.Run();
