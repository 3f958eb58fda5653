namespace Juno.Actuation.Tests;
