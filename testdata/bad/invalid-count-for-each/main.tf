# count and for_each values Terraform rejects: each is a located error, not a phantom
# instance.
resource "aws_ecs_cluster" "huge" {
  count = 1e300
  name  = "huge"
}

resource "aws_ecs_cluster" "half" {
  count = 0.5
  name  = "half"
}

resource "aws_ecs_cluster" "bool" {
  count = true
  name  = "bool"
}

resource "aws_ecs_cluster" "null" {
  count = null
  name  = "null"
}

resource "aws_ecs_cluster" "text" {
  count = "abc"
  name  = "text"
}

resource "aws_ecs_cluster" "number_for_each" {
  for_each = 5
  name     = "five"
}

resource "aws_ecs_cluster" "string_for_each" {
  for_each = "abc"
  name     = "abc"
}

resource "aws_ecs_cluster" "null_for_each" {
  for_each = null
  name     = "null"
}

resource "aws_ecs_cluster" "numbers_for_each" {
  for_each = [1, 2]
  name     = "numbers"
}

# Valid: a numeric string converts, as Terraform converts it.
resource "aws_ecs_cluster" "five" {
  count = "5"
  name  = "five-${count.index}"
}
