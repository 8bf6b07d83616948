# Example platform: one ECS cluster with an EC2 capacity provider (at most two m5.large
# instances) and Fargate, running three services:
#   - web:     bridge, static host port 80, desired 3 -> more tasks than instances can hold
#   - api:     Fargate, awsvpc, behind an "ip" target group -> fine
#   - indexer: awsvpc on EC2 without network_configuration -> rejected; 4 GiB: 1 per instance

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.60.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.60.2.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_security_group" "tasks" {
  name   = "example-tasks"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_role" "execution" {
  name = "example-task-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_ecs_cluster" "main" {
  name = "example"
}

resource "aws_launch_template" "ecs" {
  name_prefix   = "example-ecs-"
  image_id      = "ami-0c1c30571d2dae5c9"
  instance_type = "m5.large"

  vpc_security_group_ids = [aws_security_group.tasks.id]

  user_data = base64encode("#!/bin/bash\necho ECS_CLUSTER=example >> /etc/ecs/ecs.config\n")
}

resource "aws_autoscaling_group" "ecs" {
  name                = "example-ecs"
  min_size            = 1
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.private_a.id, aws_subnet.private_b.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }
}

resource "aws_ecs_capacity_provider" "ec2" {
  name = "example-ec2"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.ecs.arn

    managed_scaling {
      status          = "ENABLED"
      target_capacity = 100
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.ec2.name, "FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }
}

# --- web: bridge with a static host port ------------------------------------------------

resource "aws_lb_target_group" "web" {
  name        = "example-web"
  port        = 80
  protocol    = "HTTP"
  vpc_id      = aws_vpc.main.id
  target_type = "instance"
}

resource "aws_ecs_task_definition" "web" {
  family       = "example-web"
  network_mode = "bridge"

  container_definitions = jsonencode([
    {
      name      = "web"
      image     = "public.ecr.aws/nginx/nginx:1.27"
      essential = true
      cpu       = 256
      memory    = 512
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 80
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 3

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 8080
  }
}

# --- api: Fargate behind an ip target group ---------------------------------------------

resource "aws_lb_target_group" "api" {
  name        = "example-api"
  port        = 3000
  protocol    = "HTTP"
  vpc_id      = aws_vpc.main.id
  target_type = "ip"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "example-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.9.0"
      essential = true
      portMappings = [
        {
          containerPort = 3000
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_groups = [aws_security_group.tasks.id]
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 3000
  }
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"
  min_capacity       = 2
  max_capacity       = 10
}

# --- indexer: awsvpc on EC2, network_configuration forgotten ----------------------------

resource "aws_ecs_task_definition" "indexer" {
  family       = "example-indexer"
  network_mode = "awsvpc"

  container_definitions = jsonencode([
    {
      name      = "indexer"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/indexer:0.14.3"
      essential = true
      cpu       = 512
      memory    = 4096
      portMappings = [
        {
          containerPort = 9200
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "indexer" {
  name            = "indexer"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.indexer.arn
  desired_count   = 1

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }
}
