# Two EC2 capacity providers: a general group that mixes t3.medium and m5.xlarge
# (4 vCPUs, 16,384 MiB), and a GPU group of g4dn.xlarge (1 GPU). User data keeps 256 MiB
# for the operating system with ECS_RESERVED_MEMORY.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_launch_template" "general" {
  name_prefix = "general-"
  image_id    = "ami-0123456789abcdef0"
  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >> /etc/ecs/ecs.config <<CONFIG
    ECS_CLUSTER=main
    ECS_RESERVED_MEMORY=256
    CONFIG
  EOT
  )
}

resource "aws_autoscaling_group" "general" {
  name                = "general"
  min_size            = 1
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.a.id]

  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.general.id
        version            = "$Latest"
      }
      override {
        instance_type = "t3.medium"
      }
      override {
        instance_type = "m5.xlarge"
      }
    }
  }
}

resource "aws_launch_template" "gpu" {
  name_prefix   = "gpu-"
  image_id      = "ami-0fedcba9876543210"
  instance_type = "g4dn.xlarge"
}

resource "aws_autoscaling_group" "gpu" {
  name                = "gpu"
  min_size            = 0
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.gpu.id
    version = "$Latest"
  }
}

resource "aws_ecs_capacity_provider" "general" {
  name = "general"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.general.arn
  }
}

resource "aws_ecs_capacity_provider" "gpu" {
  name = "gpu"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.gpu.arn
  }
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.general.name, aws_ecs_capacity_provider.gpu.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.general.name
    weight            = 1
  }
}
