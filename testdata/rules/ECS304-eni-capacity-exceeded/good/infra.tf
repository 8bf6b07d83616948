# Shared infrastructure: a VPC, subnets, and an EC2 capacity provider whose Auto Scaling
# group launches c5.large instances (at most 2) from a launch template.
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
  instance_type = "c5.large"
}

resource "aws_autoscaling_group" "ecs" {
  name                = "ecs"
  min_size            = 1
  max_size            = 2
  desired_capacity    = 1
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_capacity_provider" "ecs" {
  name = "ecs"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.ecs.arn
  }
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.ecs.name, aws_ecs_capacity_provider.mixed.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ecs.name
    weight            = 1
  }
}

resource "aws_ecs_account_setting_default" "trunking" {
  name  = "awsvpcTrunking"
  value = "enabled"
}

# A second group mixing m5.large and c5.xlarge: the most restrictive type (m5.large, 10
# awsvpc tasks with trunking) bounds the service.
resource "aws_launch_template" "mixed" {
  name_prefix   = "mixed-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m5.large"
}

resource "aws_autoscaling_group" "mixed" {
  name                = "mixed"
  min_size            = 0
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.a.id]

  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.mixed.id
        version            = "$Latest"
      }
      override {
        instance_type = "m5.large"
      }
      override {
        instance_type = "c5.xlarge"
      }
    }
  }
}

resource "aws_ecs_capacity_provider" "mixed" {
  name = "mixed"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.mixed.arn
  }
}
