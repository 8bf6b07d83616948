# A condition that cannot be decided before apply (a variable without a value): both branches
# are followed, the first one is assumed, and the report says so. Subnet ids reached through
# a local are traced to their instances. No plan twin: a plan always decides the condition.
variable "use_green" {
  type = bool
}

resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "app" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}

resource "aws_ecs_task_definition" "blue" {
  family                   = "blue"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{ name = "app", image = "nginx", portMappings = [{ containerPort = 8080 }] }])
}

resource "aws_ecs_task_definition" "green" {
  family                   = "green"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{ name = "app", image = "nginx", portMappings = [{ containerPort = 9090 }] }])
}

locals {
  active  = var.use_green ? aws_ecs_task_definition.green.arn : aws_ecs_task_definition.blue.arn
  subnets = [for s in aws_subnet.app : s.id]
  fixed   = try(aws_ecs_task_definition.blue.arn, null)
}

resource "aws_ecs_service" "switch" {
  name            = "switch"
  task_definition = local.active
  launch_type     = "FARGATE"
  desired_count   = 1
  network_configuration {
    subnets = local.subnets
  }
}

resource "aws_ecs_service" "fixed" {
  name            = "fixed"
  task_definition = local.fixed
  launch_type     = "FARGATE"
  desired_count   = 1
  network_configuration {
    subnets = [aws_subnet.app[0].id]
  }
}
