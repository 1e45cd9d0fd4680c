namespace Composer.Model; internal static class Placeholder {}
