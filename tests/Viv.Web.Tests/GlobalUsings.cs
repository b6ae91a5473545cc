global using FluentAssertions;
global using Xunit;
global using Viv.Testing;
