// A bare Kestrel endpoint: the ceiling a KapCare request cannot beat on the same machine. It answers
// POST /fhir/QuestionnaireResponse the way KapCare does on success (201, application/fhir+json, Location,
// ETag, chunked like KapCare's) with a fixed body: the bytes of a real KapCare 201 response, so both send
// the same size of JSON.
// It reads the whole request body and does nothing else: no parsing, no authentication, no database.
//
//   dotnet BareKestrel.dll --urls http://127.0.0.1:5100 --body-file response.json
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var bodyFile = builder.Configuration["body-file"];
var body = bodyFile is null
    ? """{"resourceType":"QuestionnaireResponse","status":"completed"}"""u8.ToArray()
    : File.ReadAllBytes(bodyFile);

var app = builder.Build();
app.MapGet("/healthz", () => "Healthy");
app.MapPost("/fhir/QuestionnaireResponse", async (HttpContext context) =>
{
    var request = context.Request.BodyReader;
    while (true)
    {
        var read = await request.ReadAsync(context.RequestAborted);
        request.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted) break;
    }
    var response = context.Response;
    response.StatusCode = StatusCodes.Status201Created;
    response.ContentType = "application/fhir+json; charset=utf-8";
    response.Headers.ETag = "W/\"1\"";
    response.Headers.Location = "http://127.0.0.1/fhir/QuestionnaireResponse/00000000-0000-0000-0000-000000000000/_history/1";
    await response.Body.WriteAsync(body, context.RequestAborted);
});
Console.WriteLine($"BareKestrel: {body.Length}-byte body.");
await app.RunAsync();
