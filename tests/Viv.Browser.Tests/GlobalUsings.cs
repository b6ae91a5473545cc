global using FluentAssertions;
global using Microsoft.Playwright;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
global using Viv.Testing;
