# Scaling is tuned separately from the app settings.
app = {
  name          = "checkout"
  image         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.9.0"
  cpu           = 1024
  memory        = 2048
  desired_count = 6
  min_capacity  = 6
  max_capacity  = 60
  environment = {
    LOG_LEVEL = "info"
  }
  sidecars = ["xray"]
}
