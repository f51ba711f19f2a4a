import PonderCore
