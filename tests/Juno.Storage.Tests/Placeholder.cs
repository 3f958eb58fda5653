namespace Juno.Storage.Tests;
