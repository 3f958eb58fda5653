namespace Juno.Testing.Emulator;

/// <summary>Why validation refused an object, in the API server's terms.</summary>
internal sealed record FieldError(string Field, string Value, string Message);
