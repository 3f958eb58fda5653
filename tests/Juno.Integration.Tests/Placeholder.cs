namespace Juno.Integration.Tests;
