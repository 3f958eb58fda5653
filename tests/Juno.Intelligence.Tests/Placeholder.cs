namespace Juno.Intelligence.Tests;
