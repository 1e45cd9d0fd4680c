namespace Composer.Reconciler; internal static class Placeholder {}
