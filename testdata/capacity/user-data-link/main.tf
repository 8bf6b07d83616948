# No capacity provider: the instances join their cluster through ECS_CLUSTER in the launch
# template's user data (the older idiom), and `launch_type = "EC2"` places tasks on them.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_ecs_cluster" "web" {
  name = "web"
}

resource "aws_ecs_cluster" "batch" {
  name = "batch"
}

resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.large"
  user_data     = base64encode("#!/bin/bash\necho ECS_CLUSTER=${aws_ecs_cluster.web.name} >> /etc/ecs/ecs.config\n")
}

resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 1
  max_size            = 3
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}

# Another cluster's instances: never counted for web.
resource "aws_launch_template" "batch" {
  name_prefix   = "batch-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "c5.4xlarge"
  user_data     = base64encode("#!/bin/bash\necho ECS_CLUSTER=batch >> /etc/ecs/ecs.config\n")
}

resource "aws_autoscaling_group" "batch" {
  name                = "batch"
  min_size            = 0
  max_size            = 10
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.batch.id
    version = "$Latest"
  }
}

# t3.large: 2,048 CPU units, 8,192 MiB (~7,782): 1,536 MiB tasks, 5 per instance; 15 on 3.
resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "example/web:1"
    essential    = true
    cpu          = 256
    memory       = 1536
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.web.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 4
  launch_type     = "EC2"
}
