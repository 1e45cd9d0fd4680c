using Composer.Engine;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.State;

public sealed class ImageAgeTests
{
    [Fact]
    public void A_local_tag_time_is_the_age_of_the_image_and_after_a_pull_its_creation_is()
    {
        var tagged = new ImageInspect { Created = "2026-01-01T00:00:00Z", Metadata = new() { LastTagTime = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero) } };
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), ObservedStateReader.Refreshed(tagged));
        // Engine 20.10 reports the zero time for an image that was pulled.
        var pulled = new ImageInspect { Created = "2026-01-01T10:20:30.5Z", Metadata = new() { LastTagTime = DateTimeOffset.MinValue } };
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 20, 30, 500, TimeSpan.Zero), ObservedStateReader.Refreshed(pulled));
    }
}
