# ENI trunking on, on m7i.large: newer than ECS's trunking table (ecs-networking.md §8.2), so
# the trunked task limit is unknown. The limit without trunking (m7i.large: 3 ENIs, 2 tasks)
# is a lower bound, and 10 tasks on at most 3 instances is not reported as a fact.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ecs_account_setting_default" "trunking" {
  name  = "awsvpcTrunking"
  value = "enabled"
}

resource "aws_vpc" "this" {
  cidr_block = "10.90.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.90.0.0/22"
}

resource "aws_ecs_cluster" "this" {
  name = "newer"
}

resource "aws_launch_template" "ecs" {
  name_prefix   = "newer-"
  image_id      = "ami-0e3c3d0c1a2b3c4d5"
  instance_type = "m7i.large"
}

resource "aws_autoscaling_group" "ecs" {
  name_prefix         = "newer-"
  min_size            = 1
  max_size            = 3
  vpc_zone_identifier = [aws_subnet.private.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_capacity_provider" "this" {
  name = "newer"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.ecs.arn
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name         = "api"
    image        = "nginx"
    memory       = 256
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 10

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    weight            = 1
  }

  network_configuration {
    subnets = [aws_subnet.private.id]
  }
}
