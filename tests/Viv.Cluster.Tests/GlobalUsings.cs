global using FluentAssertions;
global using Microsoft.Playwright;
global using Viv.Testing;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
