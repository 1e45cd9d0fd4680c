namespace Composer.Engine; internal static class Placeholder {}
