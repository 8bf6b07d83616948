# Two clusters, each with an EC2 capacity provider whose Auto Scaling group launches
# m5.large instances (2,048 CPU units; 8,192 MiB advertised, about 7,782 assumed usable).
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_launch_template" "ecs" {
  name_prefix   = "ecs-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m5.large"
}

resource "aws_ecs_capacity_provider" "apps" {
  name = "apps"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.apps.arn
  }
}

resource "aws_ecs_capacity_provider" "jobs" {
  name = "jobs"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.jobs.arn
  }
}

resource "aws_ecs_cluster" "apps" {
  name = "apps"
}

resource "aws_ecs_cluster" "jobs" {
  name = "jobs"
}

resource "aws_ecs_cluster_capacity_providers" "apps" {
  cluster_name       = aws_ecs_cluster.apps.name
  capacity_providers = [aws_ecs_capacity_provider.apps.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.apps.name
    weight            = 1
  }
}

resource "aws_ecs_cluster_capacity_providers" "jobs" {
  cluster_name       = aws_ecs_cluster.jobs.name
  capacity_providers = [aws_ecs_capacity_provider.jobs.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.jobs.name
    weight            = 1
  }
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "bridge"
  cpu          = "512"
  memory       = "3 GB"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:4.2"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_task_definition" "worker" {
  family       = "worker"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name              = "worker"
    image             = "example/worker:4.2"
    essential         = true
    cpu               = 256
    memory            = 2048
    memoryReservation = 1024
  }])
}
