using System.Net;

namespace Composer.Engine.Tests.Unit;

public sealed class ErrorMappingTests
{
    [Fact]
    public void Maps_status_to_typed_exceptions_carrying_the_engines_message()
    {
        Assert.IsType<EngineNotFoundException>(ErrorMapping.FromResponse(HttpStatusCode.NotFound, "{\"message\":\"No such container: x\"}"));
        var conflict = ErrorMapping.FromResponse(HttpStatusCode.Conflict, "{\"message\":\"name in use\"}");
        Assert.IsType<EngineConflictException>(conflict);
        Assert.Equal("name in use", conflict.Message);
        var other = ErrorMapping.FromResponse(HttpStatusCode.InternalServerError, "plain text failure\n");
        Assert.Equal(HttpStatusCode.InternalServerError, other.Status);
        Assert.Equal("plain text failure", other.Message);
        Assert.Equal("(no message from the engine)", ErrorMapping.FromResponse(HttpStatusCode.BadRequest, "").Message);
    }
}
